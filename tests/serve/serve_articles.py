"""Articles written for the serve tests, one of them hostile."""

from __future__ import annotations

ARTICLES = [
    {"id": "andes-1", "published": "2026-02-10", "source": "Andes Post",
     "title": "Chile and Peru sign fisheries accord",
     "text": "Chilean President Gabriel Boric and Peruvian President Dina Boluarte signed a "
             "fisheries agreement in Lima on Monday. Trade between Chile and Peru reached "
             "$4 billion last year, the Peruvian trade ministry said."},
    {"id": "andes-2", "published": "2026-03-05", "source": "Pacific Wire",
     "title": "Peru accuses Chile over border patrol",
     "text": "Peru on Wednesday accused Chile of sending soldiers across the border near "
             "Tacna. Chilean troops fired on a Peruvian patrol, the Peruvian defence ministry "
             "said. The two foreign ministers will meet in Santiago on April 20 to discuss "
             "the incident."},
    {"id": "andes-3", "published": "2026-03-12", "source": "Andes Post",
     "title": "Ministers to meet in Santiago",
     "text": "The foreign ministers of Chile and Peru will hold talks in Santiago on April 20, "
             "officials in Lima said on Thursday. Peru did not withdraw its ambassador."},
]
UNSAFE = {
    "id": "unsafe-1", "published": "2026-03-13",
    "source": "<img src=x onerror=alert(1)>",
    "url": "javascript:alert(document.cookie)",
    "title": "<script>alert('title')</script> Chile talks",
    "text": "Chile <script>alert(1)</script> and Peru held talks in Lima on Friday "
            "<img src=x onerror=alert(2)> said <svg onload=alert(3)> the ministry. "
            "\"><iframe src=javascript:alert(4)></iframe> Peru's minister met "
            "Chile's envoy <a href=\"javascript:alert(5)\" onclick=\"alert(6)\">here</a>.",
}
