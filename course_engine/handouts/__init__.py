"""Handouts: a course's printable job aids as web pages and PDFs built from one source."""
