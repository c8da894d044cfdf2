"""Never throw a resident's answers away without asking first."""

from flask import render_template
from flask_babel import gettext as _

from portal.forms import EmptyForm
from portal.resident.municipality_context import chosen_municipality


def confirm_discard(*, action: str, keep_url: str, title: str | None = None, discard_label: str | None = None):
    return render_template(
        "resident/confirm-discard.html", form=EmptyForm(), action=action, keep_url=keep_url,
        title=title or _("Opnieuw beginnen?"), keep_label=_("Nee, ga verder waar ik was"),
        discard_label=discard_label or _("Ja, wis mijn antwoorden en begin opnieuw"),
        municipality=chosen_municipality(),
    )
