from portal.forms import PortalForm


class InviteForm(PortalForm):
    """One button: invite every household waiting for a letter and an sms (CSRF only)."""
