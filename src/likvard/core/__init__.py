"""The foundation every app may use and that uses no app of Likvärd.

Time and the municipality's calendar (`calendar`), the domain errors every
layer raises (`errors`), the input checks every service shares
(`validation`), and the CSV files every export writes (`spreadsheet`).
Nothing here knows of a case, a child or a district: see the layers in
docs/architecture.md.
"""
