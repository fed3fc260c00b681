import { readFileSync } from 'node:fs';
import pl from 'nodejs-polars';

// In out/ (a build):
const [parquet, arrow, csv] = ['parquet/', 'arrow/', 'csv/'];
// At the top of a release download, with its Arrow zip unpacked where it is, use instead:
// const [parquet, arrow, csv] = ['', 'large-model-ecosystem-0.1.0-arrow/', ''];

const models = pl.readParquet(`${parquet}models.parquet`); // exact types; closed sets as Categorical
const cells = pl.readIPC(readFileSync(`${arrow}cells.arrow`)); // from a buffer: 0.24 fails on a path
const policies = pl.readCSV(readFileSync(`${csv}country_policies.csv`));
