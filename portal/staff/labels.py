"""Messages for a status move the rules refuse, by the rule's error code."""

from flask_babel import gettext as _

from portal.rules import case_status


def status_rule_message(code: str) -> str:
    """At request time, so the number of tries is the one the rule counts today."""
    if code == "keep_trying":
        return _("Probeer eerst minstens %(tries)s keer contact te krijgen. "
                 "Mensen met stress missen vaak een afspraak.", tries=case_status.MIN_TRIES_BEFORE_NO_CONTACT)
    messages = {
        "not_allowed": _("Deze stap kan niet vanuit de huidige status."),
        "partner_needed": _("Draag de zaak over met het formulier ‘Warme overdracht’."),
        "reason_needed": _("Kies een reden om af te sluiten."),
    }
    return messages[code]
