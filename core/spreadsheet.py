"""CSV cells a spreadsheet will not run: every CSV export writes its rows through here."""

# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and carriage
# return, as a cell that may start with one). Exports hold text typed by others (titles,
# addresses, even a username tried at the login page), so such cells get an apostrophe in
# front, which spreadsheets read as "this is text".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_row(values):
    return [safe_cell(value) for value in values]
