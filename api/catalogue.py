from flask import jsonify

from api import bp
from core import catalogue


@bp.get("/catalogue")
def get_catalogue():  # noqa: ANN201
    return jsonify(catalogue.tree())
