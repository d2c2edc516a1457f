"""Entry point: ``flask run`` (see .flaskenv), ``python run.py`` or ``gunicorn run:app``."""

from config import config_from_env
from course_engine import create_app

app = create_app(config_from_env())

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000)
