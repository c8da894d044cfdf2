"""Letters as print-ready PDF (WeasyPrint): A4, the resident's address where a window envelope shows it, in the
resident's language (Arabic right to left), with a QR code and a short link back to the portal.

Each letter is rendered in its own language (flask_babel.force_locale) as one <article>, and the articles go into
one HTML document: one letter, or a day's batch where each letter starts on a new page. WeasyPrint fetches
nothing: no file, no URL (the QR code is inline SVG, the styles are in the document). Fonts: a system font with
Arabic and Ethiopic glyphs (Debian's fonts-noto-core, installed by scripts/setup).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import segno
from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from portal.domain.messages import MessageKind
from portal.i18n import RIGHT_TO_LEFT
from portal.labels import label
from portal.models import OutboxMessage
from portal.rules.deadlines import local_date
from portal.security import public_url
from portal.services.letters import link_token


def qr_svg(data: str, text: str) -> Markup:
    """Sized by the print CSS (no width or height of its own); the title names it for a PDF reader."""
    svg = segno.make(data, error="m").svg_inline(scale=1, title=text, svgclass="qr", lineclass=None, omitsize=True)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(text)}" ', 1))


def short_link(message: OutboxMessage) -> str:
    token = link_token(current_app.config["SECRET_KEY"], message.reference)
    return public_url(url_for("resident.follow_letter_link", token=token))


def letter_date(message: OutboxMessage, today: date) -> date:
    """The day it was posted; a letter still waiting is dated the day it is printed."""
    return local_date(message.sent_at) if message.sent_at else today


@dataclass(frozen=True)
class Rendered:
    html: str
    count: int


def _paragraphs(body: str, phone: str) -> list[Markup]:
    """The stored text, escaped; the phone number kept left to right, so "14 010" does not read "010 14" in Arabic."""
    number = escape(phone)
    kept = Markup('<bdi dir="ltr">') + number + Markup("</bdi>")
    return [escape(part.strip()).replace(number, kept) for part in body.split("\n") if part.strip()]


def _article(message: OutboxMessage, today: date) -> Markup:
    case = message.aanmelding  # None for an early-warning invitation: its household has no sign-up (yet)
    municipality = case.municipality if case is not None else message.vroegsignaalzaak.municipality
    language = message.language if message.language in current_app.config["SUPPORTED_LOCALES"] else "nl"
    link = short_link(message)
    with force_locale(language):
        return Markup(render_template(
            "letters/_letter.html", message=message, case=case, municipality=municipality, language=language,
            direction="rtl" if language in RIGHT_TO_LEFT else "ltr", date=letter_date(message, today), link=link,
            address_lines=[line.strip() for line in message.recipient.splitlines() if line.strip()],
            body_paragraphs=_paragraphs(message.body, municipality.phone),
            subject=message.subject or label(message.kind, MessageKind),
            qr=qr_svg(link, _("Code om te scannen met uw telefoon"))))


def letters_html(messages: list[OutboxMessage], *, today: date) -> Rendered:
    """One document; each letter in its own language, each on its own pages. The document's own language is the
    first letter's (a batch mixes languages: each article says its own)."""
    articles = [_article(message, today) for message in messages]
    language = messages[0].language if messages else "nl"
    return Rendered(render_template("letters/letter.html", articles=articles, language=language), len(messages))


def pdf(html: str) -> bytes:
    # Imported here: WeasyPrint (and the Pango it loads) is half a second of CPU and ~20 MiB that only letters and
    # reports need, not every worker that serves residents.
    from weasyprint import HTML, URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()


def file_name(today: date, *, reference: str | None = None) -> str:
    return f"brief-{reference}-{today.isoformat()}.pdf" if reference else f"brieven-{today.isoformat()}.pdf"
