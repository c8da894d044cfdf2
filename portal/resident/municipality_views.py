from flask import redirect, render_template, request, url_for

from portal.db import get_session
from portal.forms import PostcodeForm
from portal.i18n import keep_on_language_switch
from portal.resident import bp
from portal.resident.municipality_context import chosen_municipality, forget_municipality, remember_municipality
from portal.security import safe_next
from portal.services.municipalities import find_by_postcode


@bp.route("/uw-gemeente", methods=["GET", "POST"])
def find_municipality():
    # ?next=: where a national partner's link goes on once the resident said where they live.
    form, next_url = PostcodeForm(), safe_next(request.args.get("next"), fallback="") or None
    keep_on_language_switch(next=next_url)
    searched, municipality = False, chosen_municipality()
    if form.validate_on_submit():
        searched = True
        municipality = find_by_postcode(get_session(), form.postcode.data)
        if municipality:
            remember_municipality(municipality)
            return redirect(next_url or url_for(".find_municipality"))
        forget_municipality()  # they live elsewhere: the last municipality's number is not theirs
    return render_template("resident/find-municipality.html", form=form, searched=searched,
                           municipality=municipality, next_url=next_url)
