from flask import redirect, render_template, url_for

from portal.db import get_session
from portal.forms import PostcodeForm
from portal.resident import bp
from portal.resident.municipality_context import chosen_municipality, remember_municipality
from portal.services.municipalities import find_by_postcode


@bp.route("/uw-gemeente", methods=["GET", "POST"])
def find_municipality():
    form = PostcodeForm()
    searched, municipality = False, chosen_municipality()
    if form.validate_on_submit():
        searched = True
        municipality = find_by_postcode(get_session(), form.postcode.data)
        if municipality:
            remember_municipality(municipality)
            return redirect(url_for(".find_municipality"))
    return render_template("resident/find-municipality.html", form=form, searched=searched,
                           municipality=municipality)
