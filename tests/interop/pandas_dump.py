# Appended to the pandas recipe (docs/recipes/load_with_pandas.py) by tests/interop/pandas.ts, which runs the two as
# one file named like the recipe, as a user runs a recipe (`python3 load_with_pandas.py`, so that a recipe whose
# name hides a package it imports fails here as it would there). Prints every table the recipe reads as JSON: each
# column's dtype and its values as text (integers in decimal, booleans true/false, NULL null).
import json as _json
import sys as _sys


def _text(value):
    if value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    if isinstance(value, float):
        # The shortest text that reads back as the same double, as JavaScript prints it (1.0 as 1).
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


_tables = {}
for _resource in package["resources"]:
    _frame = read_table(_resource["name"])
    _tables[_resource["name"]] = {
        "dtypes": [[name, str(dtype)] for name, dtype in _frame.dtypes.items()],
        "rows": [[_text(v) for v in row] for row in _frame.astype(object).itertuples(index=False, name=None)],
    }
_json.dump(_tables, _sys.stdout, ensure_ascii=False)
