"""What a staff member may do: the role decides the pages and actions."""

from __future__ import annotations

import enum


class StaffRole(enum.StrEnum):
    KETENREGISSEUR = "ketenregisseur"
    CASEWORKER = "caseworker"
    ADMINISTRATOR = "administrator"
