"""The embedded offline providers: a storyteller, illustrator, voice and moderator needing no network."""
