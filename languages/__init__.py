"""The languages a story may be written in: ids, names, direction and script (languages.catalogue)."""
