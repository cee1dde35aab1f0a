"""The one gateway to language and image models. Imports no Django app."""
