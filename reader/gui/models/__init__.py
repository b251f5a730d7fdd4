"""Qt item models over the library (model/view: widgets never hold the data)."""
