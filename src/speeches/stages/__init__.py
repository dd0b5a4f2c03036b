"""The write side's stages, in pipeline order: each a function Document -> Document."""
