"""Typed SQLAlchemy models. No Flask imports here."""

from portal.models.aanmelding import Aanmelding, AanmeldingDraft, AanmeldingStatus, ReferralLink
from portal.models.advice import AdviceMessage, AdviceQuestion, AdviceSession
from portal.models.aftercare import Nazorgmoment, Nazorgtraject
from portal.models.appointment import Afspraak
from portal.models.casework import AssistCode, AuditEntry, CaseEvent, SavedFilter
from portal.models.early_warning import Contactpoging, Vroegsignaal, Vroegsignaalzaak
from portal.models.handover import Overdracht
from portal.models.message import OutboxMessage
from portal.models.municipality import Municipality, Partner, PartnerKind, PostcodeRange
from portal.models.search import SearchToken
from portal.models.selftest import SelfTestCount, SelfTestDraft, VisitCount
from portal.models.staff import KeptForm, StaffMember, StaffRole, StaffSession
from portal.models.survey import Klantervaring, Klantervaringsuitnodiging

__all__ = [
    "Afspraak", "AdviceMessage", "AdviceQuestion", "AdviceSession",
    "AssistCode", "AuditEntry", "CaseEvent", "SavedFilter",
    "Aanmelding", "AanmeldingDraft", "AanmeldingStatus", "OutboxMessage", "ReferralLink",
    "Municipality", "Partner", "PartnerKind", "PostcodeRange", "SearchToken", "SelfTestCount", "SelfTestDraft",
    "VisitCount",
    "StaffMember", "StaffRole", "StaffSession", "KeptForm", "Overdracht",
    "Contactpoging", "Vroegsignaal", "Vroegsignaalzaak",
    "Nazorgmoment", "Nazorgtraject", "Klantervaring", "Klantervaringsuitnodiging",
]
