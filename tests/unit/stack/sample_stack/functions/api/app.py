"""Sample Chalice API with the two routes the sample template declares."""

from chalice import Chalice

app = Chalice(app_name="sample")


@app.route("/items", methods=["GET"])
def list_items():
    return {"items": []}


@app.route("/items/{item_id}", methods=["GET"], cors=True)
def get_item(item_id):
    return {"item_id": item_id}
