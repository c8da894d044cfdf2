"""Translatable names for enum values shown to people."""

from flask_babel import lazy_gettext as _l

from portal.models import PartnerKind

PARTNER_KIND_LABELS = {
    PartnerKind.FORMAL_DEBT_HELP: _l("schuldhulpverlening"),
    PartnerKind.SOCIAL_WORK: _l("maatschappelijk werk"),
    PartnerKind.VOLUNTEERS: _l("vrijwilligers die met u meekijken"),
    PartnerKind.ENTREPRENEURS_DESK: _l("hulp voor ondernemers"),
    PartnerKind.YOUTH_COACHES: _l("coaches voor jongeren"),
    PartnerKind.STATUS_HOLDER_TEAM: _l("hulp voor mensen die nieuw zijn in Nederland"),
}
