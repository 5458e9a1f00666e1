"""Articles written for the browser tests: one pair of countries, a plan, a
figure, a clash, and one article built to run script if it were ever trusted."""

from __future__ import annotations

ARTICLES = [
    {"id": "lake-1", "published": "2026-01-14", "source": "Lakeside Herald",
     "url": "https://example.org/lake-1",
     "title": "Kenya and Tanzania agree to share power grid",
     "text": "Kenyan President William Ruto and Tanzanian President Samia Suluhu Hassan "
             "signed an energy agreement in Arusha on Tuesday. Trade between Kenya and "
             "Tanzania reached $1.2 billion last year, the Kenyan trade ministry said."},
    {"id": "lake-2", "published": "2026-02-18", "source": "Coastal Times",
     "title": "Tanzania protests seizure of fishing boats",
     "text": "Tanzania on Wednesday accused Kenya of seizing six fishing boats on Lake "
             "Victoria. Kenyan police arrested twelve Tanzanian fishermen near Mwanza, the "
             "Tanzanian foreign ministry said. The two foreign ministers will meet in "
             "Nairobi on March 30 to settle the dispute."},
    {"id": "lake-3", "published": "2026-02-25", "source": "Lakeside Herald",
     "title": "Ministers to meet in Nairobi over lake dispute",
     "text": "The foreign ministers of Kenya and Tanzania will hold talks in Nairobi on "
             "March 30, officials in Dodoma said on Monday. Kenya did not recall its "
             "ambassador."},
]
HOSTILE = {
    "id": "lake-hostile", "published": "2026-02-26",
    "source": "<img src=x onerror=\"window.__ran=1\">",
    "url": "javascript:window.__ran=1",
    "title": "<script>window.__ran=1</script> Kenya talks",
    "text": "Kenya <script>window.__ran=1;alert(1)</script> and Tanzania held talks in "
            "Nairobi on Friday <img src=x onerror=\"window.__ran=1\"> said <svg "
            "onload=\"window.__ran=1\"> the ministry. \"><iframe srcdoc=\"<script>"
            "parent.__ran=1</script>\"></iframe> Kenya's minister met Tanzania's envoy "
            "<a href=\"javascript:window.__ran=1\" onmouseover=\"window.__ran=1\">here</a>.",
}
