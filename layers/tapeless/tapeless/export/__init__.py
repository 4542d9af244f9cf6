"""Tailor-ready measurement sheets (CSV and PDF) built from a result document and the registry."""
