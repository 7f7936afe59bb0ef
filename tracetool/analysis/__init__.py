"""Figures for coordinators and analysts: the report and its HTML form."""
