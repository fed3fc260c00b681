import { readFileSync } from 'node:fs';
import pl from 'nodejs-polars';

const models = pl.readParquet('parquet/models.parquet'); // exact types; closed sets as Categorical
const cells = pl.readIPC(readFileSync('arrow/cells.arrow')); // from a buffer: 0.24 fails on a path
const policies = pl.readCSV(readFileSync('csv/country_policies.csv'));
