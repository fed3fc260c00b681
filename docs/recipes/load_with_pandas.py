# In out/, at the top of a release download, or in the folder its CSV zip unpacks to
# (large-model-ecosystem-0.1.0-csv/): each holds a datapackage.json whose paths name the CSV files there.
import json
import pandas as pd

package = json.load(open("datapackage.json", encoding="utf-8"))

def read_table(name):
    """A table's CSV with the types of datapackage.json: integers stay Int64, empty fields are NULL (<NA>)."""
    resource = next(r for r in package["resources"] if r["name"] == name)
    dtypes = {}
    for field in resource["schema"]["fields"]:
        if field["type"] == "integer":
            dtypes[field["name"]] = "Int64"
        elif field["type"] == "number":
            dtypes[field["name"]] = "Float64"
        elif field["type"] == "boolean":
            dtypes[field["name"]] = "boolean"
        elif "categories" in field:
            dtypes[field["name"]] = pd.CategoricalDtype(field["categories"])
        else:
            dtypes[field["name"]] = "string"
    return pd.read_csv(resource["path"], encoding="utf-8", dtype=dtypes, keep_default_na=False, na_values=[""],
                       true_values=["true"], false_values=["false"])

models = read_table("models")
