from flask import Blueprint

bp = Blueprint("questionbank", __name__, url_prefix="/pengajar")
