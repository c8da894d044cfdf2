from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange
from wtforms.widgets import HiddenInput

from portal.forms import PortalForm
from portal.security import MAX_ID


class LettersPostedForm(PortalForm):
    """"Posted": the letters the page listed, up to the newest it showed (a letter queued since stays waiting)."""

    up_to = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])
