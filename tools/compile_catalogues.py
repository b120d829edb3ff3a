"""Compiles each language's translation catalogues (resources/i18n/<lang>/*.po -> messages.json) when stale."""

from segib_desktop import i18n

if __name__ == "__main__":
    for mo in i18n.compile_catalogues():
        print(f"compiled {mo}")
