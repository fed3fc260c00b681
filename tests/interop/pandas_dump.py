# Runs the README's pandas recipe (docs/recipes/pandas.py) in the folder of a build, then prints every table it
# reads as JSON: each column's dtype and its values as text (integers in decimal, booleans true/false, NULL null).
import json
import runpy
import sys

recipe = runpy.run_path(sys.argv[1])
package = recipe["package"]
pd = recipe["pd"]


def text(value):
    if value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    if isinstance(value, float):
        # The shortest text that reads back as the same double, as JavaScript prints it (1.0 as 1).
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


tables = {}
for resource in package["resources"]:
    frame = recipe["read_table"](resource["name"])
    tables[resource["name"]] = {
        "dtypes": [[name, str(dtype)] for name, dtype in frame.dtypes.items()],
        "rows": [[text(v) for v in row] for row in frame.astype(object).itertuples(index=False, name=None)],
    }
json.dump(tables, sys.stdout, ensure_ascii=False)
