"""Language: Dutch formatting of dates and money (babel); the message catalogues go here."""
