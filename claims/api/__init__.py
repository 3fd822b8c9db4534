"""The REST API (/api/v1/): the same selectors and editorial services as the web pages."""
