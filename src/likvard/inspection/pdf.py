"""The review's report as the PDF the committee reads (WeasyPrint).

Laid out as a tjänsteutlåtande: a title page with the proposal to the committee,
the summary, the results overall and per district, the charts, the comparison
with an earlier review, the inspectors' agreement, the districts' measures, the
method and the sample's design. The charts are the same inline SVG as on the
page (`inspection/_chart.svg.html`), which WeasyPrint draws as vectors.
"""

import logging

from django.template.loader import render_to_string

from .report import Report

# WeasyPrint's font subsetting logs every glyph table, and its progress every page, at
# INFO: not for the server's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def report_html(report: Report) -> str:
    return render_to_string("inspection/report_pdf.html", {"report": report})


def report_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # heavy to import: only when a report is printed

    return HTML(string=report_html(report)).write_pdf()
