from flask import jsonify

from api.blueprint import bp
from core.org import catalogue


@bp.get("/catalogue")
def get_catalogue():
    return jsonify(catalogue.tree())
