"""The limit of the stack: a Flask route returning a fixed string, under the same gunicorn."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def bare() -> str:
    return "Bina ASN"
