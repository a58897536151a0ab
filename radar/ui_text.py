"""Every label, message and button of the app, in French, Dutch and English."""

from __future__ import annotations

LANGUAGES = {"fr": "Français", "nl": "Nederlands", "en": "English"}

TEXT: dict[str, dict[str, str]] = {
    "title": {"fr": "Radar — traite des êtres humains", "nl": "Radar — mensenhandel", "en": "Radar — human trafficking"},
    "tagline": {"fr": "Recherche et réponses citées dans les documents (FR/NL/EN), hors ligne.",
                "nl": "Zoeken en geciteerde antwoorden in de documenten (FR/NL/EN), offline.",
                "en": "Search and cited answers over the documents (FR/NL/EN), offline."},
    "interface": {"fr": "Langue de l'interface", "nl": "Taal van de interface", "en": "Interface language"},
    "mode": {"fr": "Mode", "nl": "Modus", "en": "Mode"},
    "mode_ask": {"fr": "Poser une question", "nl": "Een vraag stellen", "en": "Ask a question"},
    "mode_search": {"fr": "Recherche exhaustive", "nl": "Uitgebreid zoeken", "en": "Exhaustive search"},
    "mode_add": {"fr": "Ajouter des documents", "nl": "Documenten toevoegen", "en": "Add documents"},
    "mode_collection": {"fr": "Collection", "nl": "Collectie", "en": "Collection"},
    "question": {"fr": "Votre question (en français, néerlandais ou anglais)",
                 "nl": "Uw vraag (in het Frans, Nederlands of Engels)",
                 "en": "Your question (in French, Dutch or English)"},
    "ask": {"fr": "Demander", "nl": "Vragen", "en": "Ask"},
    "query": {"fr": "Mots-clés ou question", "nl": "Trefwoorden of vraag", "en": "Keywords or question"},
    "search": {"fr": "Rechercher", "nl": "Zoeken", "en": "Search"},
    "filters": {"fr": "Filtres", "nl": "Filters", "en": "Filters"},
    "f_lang": {"fr": "Langue des passages", "nl": "Taal van de passages", "en": "Passage language"},
    "f_any": {"fr": "Toutes", "nl": "Alle", "en": "Any"},
    "f_since": {"fr": "Depuis (AAAA ou AAAA-MM-JJ)", "nl": "Vanaf (JJJJ of JJJJ-MM-DD)", "en": "Since (YYYY or YYYY-MM-DD)"},
    "f_until": {"fr": "Jusqu'à", "nl": "Tot en met", "en": "Until"},
    "f_type": {"fr": "Type de document", "nl": "Documenttype", "en": "Document type"},
    "f_source": {"fr": "Source contient", "nl": "Bron bevat", "en": "Source contains"},
    "bad_date": {"fr": "Date invalide : utilisez AAAA, AAAA-MM ou AAAA-MM-JJ.",
                 "nl": "Ongeldige datum: gebruik JJJJ, JJJJ-MM of JJJJ-MM-DD.",
                 "en": "Invalid date: use YYYY, YYYY-MM or YYYY-MM-DD."},
    "answer": {"fr": "Réponse", "nl": "Antwoord", "en": "Answer"},
    "evidence": {"fr": "Preuve", "nl": "Bewijs", "en": "Evidence"},
    "reference": {"fr": "Référence à citer", "nl": "Referentie om te citeren", "en": "Reference to cite"},
    "also_in": {"fr": "Autres versions", "nl": "Andere versies", "en": "Other versions"},
    "open_doc": {"fr": "Ouvrir le document", "nl": "Document openen", "en": "Open the document"},
    "close_doc": {"fr": "Fermer le document", "nl": "Document sluiten", "en": "Close the document"},
    "viewer": {"fr": "Document", "nl": "Document", "en": "Document"},
    "page": {"fr": "page", "nl": "pagina", "en": "page"},
    "date": {"fr": "date", "nl": "datum", "en": "date"},
    "type": {"fr": "type", "nl": "type", "en": "type"},
    "language": {"fr": "langue", "nl": "taal", "en": "language"},
    "refused": {"fr": "Le corpus ne répond pas clairement à cette question : aucun passage ne contient assez "
                      "d'éléments. Voici les passages les plus proches — à vérifier vous-même.",
                "nl": "Het corpus beantwoordt deze vraag niet duidelijk: geen enkele passage bevat genoeg "
                      "elementen. Dit zijn de meest verwante passages — controleer ze zelf.",
                "en": "The corpus does not clearly answer this question: no passage holds enough evidence. "
                      "Here are the nearest passages — check them yourself."},
    "nearest": {"fr": "Passages les plus proches", "nl": "Meest verwante passages", "en": "Nearest passages"},
    "no_results": {"fr": "Aucun passage ne correspond. Élargissez la requête ou retirez des filtres.",
                   "nl": "Geen enkele passage komt overeen. Verruim de zoekopdracht of verwijder filters.",
                   "en": "No passage matches. Broaden the query or remove filters."},
    "results": {"fr": "{n} passages dans {d} documents", "nl": "{n} passages in {d} documenten",
                "en": "{n} passages in {d} documents"},
    "max_results": {"fr": "Nombre maximal de passages", "nl": "Maximaal aantal passages", "en": "Maximum passages"},
    "by_doc": {"fr": "Par document", "nl": "Per document", "en": "By document"},
    "by_year": {"fr": "Par année", "nl": "Per jaar", "en": "By year"},
    "by_lang": {"fr": "Par langue", "nl": "Per taal", "en": "By language"},
    "export_csv": {"fr": "Exporter en CSV", "nl": "Exporteren als CSV", "en": "Export as CSV"},
    "export_json": {"fr": "Exporter en JSON", "nl": "Exporteren als JSON", "en": "Export as JSON"},
    "upload": {"fr": "Fichiers à ajouter", "nl": "Bestanden om toe te voegen", "en": "Files to add"},
    "upload_help": {"fr": "Formats : {types}. Taille maximale : {mb} Mo par fichier.",
                    "nl": "Formaten: {types}. Maximale grootte: {mb} MB per bestand.",
                    "en": "Formats: {types}. Maximum size: {mb} MB per file."},
    "ingest": {"fr": "Ajouter à l'index", "nl": "Aan de index toevoegen", "en": "Add to the index"},
    "ingesting": {"fr": "Lecture et indexation…", "nl": "Lezen en indexeren…", "en": "Reading and indexing…"},
    "upload_summary": {"fr": "{ok} ajouté(s), {failed} échec(s)", "nl": "{ok} toegevoegd, {failed} mislukt",
                       "en": "{ok} added, {failed} failed"},
    "report": {"fr": "Rapport par fichier", "nl": "Rapport per bestand", "en": "Report per file"},
    "file": {"fr": "fichier", "nl": "bestand", "en": "file"},
    "status": {"fr": "statut", "nl": "status", "en": "status"},
    "detail": {"fr": "détail", "nl": "detail", "en": "detail"},
    "too_big": {"fr": "trop volumineux (limite {mb} Mo)", "nl": "te groot (limiet {mb} MB)",
                "en": "too large (limit {mb} MB)"},
    "documents": {"fr": "Documents", "nl": "Documenten", "en": "Documents"},
    "chunks": {"fr": "Passages", "nl": "Passages", "en": "Passages"},
    "model": {"fr": "Modèle d'embeddings", "nl": "Embeddingmodel", "en": "Embedding model"},
    "index_size": {"fr": "Taille de l'index", "nl": "Grootte van de index", "en": "Index size"},
    "docs_by_lang": {"fr": "Documents par langue", "nl": "Documenten per taal", "en": "Documents by language"},
    "chunks_by_lang": {"fr": "Passages par langue", "nl": "Passages per taal", "en": "Passages by language"},
    "docs_by_year": {"fr": "Documents par année", "nl": "Documenten per jaar", "en": "Documents by year"},
    "docs_by_type": {"fr": "Documents par type", "nl": "Documenten per type", "en": "Documents by type"},
    "no_index": {"fr": "Aucun index ici. Ajoutez des documents (onglet « Ajouter des documents ») ou lancez "
                       "`radar ingest DOSSIER`.",
                 "nl": "Hier is geen index. Voeg documenten toe (tabblad 'Documenten toevoegen') of voer "
                       "`radar ingest MAP` uit.",
                 "en": "No index here. Add documents ('Add documents' tab) or run `radar ingest FOLDER`."},
    "error": {"fr": "Erreur", "nl": "Fout", "en": "Error"},
    "seconds": {"fr": "{s:.1f} s", "nl": "{s:.1f} s", "en": "{s:.1f} s"},
}


def t(key: str, lang: str, **kwargs) -> str:
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**kwargs) if kwargs else text
