"""`flask lms questions import|export`: moving question banks in and out, thin like views."""

from flask.cli import AppGroup

questions_cli = AppGroup("questions", help="Question banks: GIFT and Moodle XML.")
