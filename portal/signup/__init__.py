"""The sign-up's steps and forms. Residents fill them in alone; a caseworker can fill them in together with a client
(staff assist), so both blueprints use this package and neither imports the other."""

# The Flask session key that holds the id of the draft being filled in, on the resident's device or the caseworker's.
DRAFT_KEY = "aanmelding_draft"
