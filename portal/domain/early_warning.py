"""Early warning (vroegsignalering): the closed lists of VNG's DDAS data model, v1.2, and our own triage words.

Each DDAS member's stored value is the exact string of the DDAS JSON Schema (`json_schema_Uitwisselmodel.json`,
$defs Enum...), so the CBS report writes the value as it is; the label beside it is what staff read.
"""

from __future__ import annotations

from portal.domain.labelled import N_, LabelledEnum


class SignaalpartnerType(LabelledEnum):
    """EnumSignaalpartner: who reported the arrear."""

    BELASTINGDIENST = "Belastingdienst", N_("Belastingdienst")
    CAK_EIGEN_BIJDRAGE = "CAK Eigen bijdrage", N_("CAK: eigen bijdrage")
    CAK_ZORGVERZEKERINGEN = "CAK Zorgverzekeringen", N_("CAK: zorgverzekering")
    DIENST_TOESLAGEN = "Dienst Toeslagen", N_("Dienst Toeslagen")
    DUO = "DUO", N_("DUO (studieschuld)")
    ENERGIE = "Energie", N_("Energiebedrijf")
    HUUR = "Huur", N_("Verhuurder")
    HYPOTHEEK = "Hypotheek", N_("Hypotheekverstrekker")
    OVERIGE = "Overige", N_("Andere signaalpartner")
    WATER = "Water", N_("Waterbedrijf")
    ZORG = "Zorg", N_("Zorgverzekeraar")


class Signaalstatus(LabelledEnum):
    """EnumSignaalstatus: what became of one signal."""

    AL_BEKEND = "Inwoner al bekend bij schuldhulpverlening", N_("Al bekend bij schuldhulp")
    OVERLEDEN = "Inwoner is overleden", N_("Overleden")
    NIET_OPGEPAKT_ANDERE_REDEN = "Niet opgepakt: andere reden", N_("Niet opgepakt: andere reden")
    NIET_OPGEPAKT_HERHAALD = "Niet opgepakt: herhaalde melding", N_("Niet opgepakt: herhaalde melding")
    NIET_OPGEPAKT_ONTERECHT = "Niet opgepakt: onterecht signaal", N_("Niet opgepakt: onterecht signaal")
    NOG_NIET_OPGEPAKT = "Nog niet opgepakt", N_("Nog niet opgepakt")
    OPGEPAKT = "Opgepakt", N_("Opgepakt")
    GEEN_INWONER = "Persoon is geen inwoner (meer) in de gemeente", N_("Woont niet (meer) in de gemeente")


class Eindresultaat(LabelledEnum):
    """EnumEindresultaat: how a Vroegsignaalzaak ended."""

    ADVIES_QUICK_FIX = "(Budget)advies en/of quick fix", N_("(Budget)advies of snelle oplossing")
    GEEN_CONTACT = "Definitief geen contact kunnen krijgen", N_("Geen contact gekregen")
    GEEN_REACTIE = "Geen reactie na eerder contact", N_("Geen reactie meer na eerder contact")
    AL_BEKEND = "Inwoner al bekend bij schuldhulpverlening", N_("Al bekend bij schuldhulp")
    ANDER_TRAJECT = "Inwoner heeft al een ander lopend traject", N_("Heeft al ander lopend traject")
    ZELF_BETAALD = ("Inwoner heeft zelf al betaald/betalingsregeling getroffen",
                    N_("Heeft zelf betaald of een regeling getroffen"))
    OVERLEDEN = "Inwoner is overleden", N_("Overleden")
    REGELT_ZELF = ("Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering",
                   N_("Regelt het zelf, wil geen hulp"))
    NIET_OPGEPAKT_ANDERE_REDEN = "Niet opgepakt: andere reden", N_("Niet opgepakt: andere reden")
    NIET_OPGEPAKT_HERHAALD = "Niet opgepakt: herhaalde melding", N_("Niet opgepakt: herhaalde melding")
    NIET_OPGEPAKT_ONTERECHT = "Niet opgepakt: onterecht signaal", N_("Niet opgepakt: onterecht signaal")
    GEEN_INWONER = "Persoon is geen inwoner (meer) in de gemeente", N_("Woont niet (meer) in de gemeente")
    VERVOLGHULP = "Vervolghulp en/of verwijzing", N_("Vervolghulp of verwijzing")
    VERVOLGHULP_FINANCIEEL = ("Vervolghulp en/of verwijzing financieel",
                              N_("Vervolghulp of verwijzing financieel (hulp aanvaard)"))
    VERVOLGHULP_NIET_FINANCIEEL = ("Vervolghulp en/of verwijzing niet financieel",
                                   N_("Vervolghulp of verwijzing niet financieel"))
    VERWIJZING_ZONDER_INWONER = "Verwijzing zonder tussenkomst inwoner", N_("Verwijzing zonder tussenkomst inwoner")


# Closing with one of these means the resident accepted help from debt help: it makes an Aanmelding in the
# coordinator's queue (source "vroegsignalering"), linked both ways.
HELP_ACCEPTED = frozenset({Eindresultaat.VERVOLGHULP_FINANCIEEL})


class Contactsoort(LabelledEnum):
    """EnumContactsoort: the way of one contact attempt."""

    ADMINISTRATIEF = "Administratief", N_("Administratief (bijvoorbeeld gegevens opgezocht)")
    AFSPRAAK_OP_LOCATIE = "Afspraak op locatie", N_("Afspraak op locatie")
    BRIEF = "Brief", N_("Brief")
    HUISBEZOEK = "Huisbezoek", N_("Huisbezoek")
    KAARTJE = "Kaartje", N_("Kaartje in de bus")
    MAIL = "Mail", N_("E-mail")
    ONBEKEND = "Onbekend", N_("Onbekend")
    OVERIGE = "Overige", N_("Anders")
    SMS_WHATSAPP = "SMS/Whatsapp", N_("Sms of WhatsApp")
    TELEFOON = "Telefoon", N_("Telefoon")


class Dagdeel(LabelledEnum):
    """EnumDagdeel."""

    OCHTEND = "Ochtend", N_("Ochtend")
    MIDDAG = "Middag", N_("Middag")
    AVOND = "Avond", N_("Avond")


class Approach(LabelledEnum):
    """Ours, not DDAS: how the municipality reaches out to a household (portal/rules/early_warning_triage.py)."""

    LETTER_SMS = "letter_sms", N_("Brief of kaartje, en een sms")
    CALL_VISIT = "call_visit", N_("Bellen, daarna huisbezoek")
    CRISIS = "crisis", N_("Crisis: snel een eerste gesprek")


# The CBS report and the import speak of the source of an Aanmelding made from an early-warning case.
EARLY_WARNING_SOURCE = "vroegsignalering"
