#!/usr/bin/env python3
"""Builds samples/ from the five seed articles (../shared/seeds, or --seeds DIR).

samples/text/        the seeds as scraped text (noise included: that is what strip_boilerplate removes)
samples/html/        HTML renderings of four seeds (002's is in gz/), wrapped the way real news pages wrap articles:
                     nav, svg icons with <title> descriptions, cookie banner, share bar, paywall box,
                     related links, figure captions/credits, comment form, footer
samples/gz/          a single-member .html.gz and a multi-member .txt.gz (two gzip members concatenated)
samples/syndicated/  a wire-service near-copy of seed 001 under different page chrome
Tests/WinnowPipelineTests/Golden/seed-noise.json: per seed, the noise lines that must not survive and the title

Deterministic: re-running gives byte-identical files (gzip mtime fixed to 0).
"""
import argparse, gzip, html, io, json, os, re

NOISE = {
    "000": {"title": "Military cooperation and fighter jets Putin meets ally Lukashenko",
            "noise": ["02/17/2023 | Update: 02/17/2023 – 18:52 | by Mareike Müller",
                      "Vladimir Putin and Alexander Lukashenko in Novo-Ogaryovo near Moscow © IMAGO/SNA",
                      "Military maneuvers of the Russian and Belarusian armies © imago images/SNA"]},
    "001": {"title": "At awkward meeting, Putin and Lukashenko avoid the war, stress economic ties",
            "noise": ["Home News At awkward meeting, Putin and Lukashenko avoid the war, stress economic ties",
                      "25",
                      "Lukashenko, before meeting Putin, says Belarus to join war only if attacked",
                      "Russians abandon wartime Russia in historic exodus",
                      "washingtonpost"]},
    "002": {"title": "Russia and Belarus discuss closer military and economic ties",
            "noise": ["By Press Association", "February 17, 2023, 3:05 pm", "Russia Belarus",
                      "Russian President Vladimir Putin, right, and Belarusian President Alexander Lukashenko pose for a photo prior to their talks at the Novo-Ogaryovo state residence, outside Moscow on Friday, February 17, 2023 (Vladimir Astapkovich, Sputnik, Kremlin Pool Photo via AP/PA)",
                      "Russian President Vladimir Putin, right, and Belarusian President Alexander Lukashenko talk during their meeting at the Novo-Ogaryovo state residence, outside Moscow (Vladimir Astapkovich, Sputnik, Kremlin Pool Photo via AP/PA)"]},
    "003": {"title": "Belarus. Vladimir Putin and Alexander Lukashenko. Speech in Minsk",
            "noise": ["Coverage Russia’s attack on Ukraine",
                      "See also  Zełeński's adviser assesses Germany's approach to the Nord Stream 1 turbine",
                      "Putin and Lukashenka during the meeting EPA/Konstantin Zavrajin/Sputnik/Kremlin Pool",
                      "Minsk. Meeting between Vladimir Putin and Alexander LukashenkoReuters",
                      "See also  Is Russia a terrorist country? A strong call from NATO countries",
                      "Main photo source: EPA/Konstantin Zavrajin/Sputnik/Kremlin Pool",
                      "Leave a Reply",
                      "Your email address will not be published. Required fields are marked *"]},
    "004": {"title": "Putin strengthens ties with Lukashenko amid concern over another offensive from Belarus",
            "noise": ["The Limited Times", "Now you can see non-English news...",
                      "Follow all the international information on", ", or in", "our weekly newsletter",
                      "Subscribe to continue reading", "Read without limits", "Keep reading",
                      "I'm already a subscriber", "Source: elparis", "All news articles on 2022-12-19",
                      "Trends 24h", "© Communities 2019 - Privacy",
                      "The information on this site is from external sources that are not under our control.",
                      "The inclusion of any links does not necessarily imply a recommendation or endorse the views expressed within them."]},
}
# The icon-description run of seed 002 is one long line; it is noise too (matched by prefix in tests).
ICON_RUN_PREFIX = "date 2023-02-17 Calendar An icon of a desk calendar."

META = {
    "000": dict(site="Handelsblatt", author="Mareike Müller", date="2023-02-17T18:52:00+01:00",
                url="https://www.example-news.de/politik/putin-meets-ally-lukashenko/29001.html", slug="putin-meets-lukashenko"),
    "001": dict(site="The Washington Post", author="Robyn Dixon", date="2023-02-17T16:20:00-05:00",
                url="https://www.example-post.com/world/2023/02/17/putin-lukashenko-meeting/", slug="awkward-meeting"),
    "002": dict(site="Evening Standard", author="Press Association", date="2023-02-17T15:05:00+00:00",
                url="https://www.example-standard.co.uk/news/world/russia-belarus-ties-b1061234.html", slug="russia-belarus-ties"),
    "003": dict(site="Example News 24", author="Editorial team", date="2022-12-19T21:05:00+01:00",
                url="https://www.example-news24.pl/world/putin-lukashenko-speech-in-minsk-ra123456", slug="minsk-speech"),
    "004": dict(site="The Limited Times", author="María R. Sahuquillo", date="2022-12-19T20:11:00+01:00",
                url="https://www.example-times.com/news/2022-12-19-putin-strengthens-ties.html", slug="minsk-visit"),
}

ICONS = [("Calendar", "An icon of a desk calendar."), ("Email", "An icon of a paper envelope."),
         ("Facebook", "An icon of the Facebook \"f\" mark."), ("Twitter", "An icon of the Twitter logo."),
         ("WhatsApp", "An icon of the WhatsApp logo."), ("Comment", "An icon of a speech bubble.")]


def seed_paragraphs(text, key):
    """Content paragraphs of a seed: every non-empty line that is not listed noise and not the title."""
    noise = set(NOISE[key]["noise"])
    out = []
    for line in text.splitlines():
        s = line.strip()
        if not s or s in noise or s == NOISE[key]["title"] or s.startswith(ICON_RUN_PREFIX):
            continue
        out.append(s)
    return out


def svg_icons():
    return "\n".join(
        f'<svg class="icon icon-{n.lower()}" aria-hidden="true"><title>{html.escape(n)}</title><desc>{html.escape(d)}</desc><use href="#i-{n.lower()}"></use></svg>'
        for n, d in ICONS)


def page(key, paras, meta, variant="a"):
    title = NOISE[key]["title"]
    body = []
    captions = [n for n in NOISE[key]["noise"] if "©" in n or "Photo via" in n or "EPA/" in n]
    for i, p in enumerate(paras):
        tag = "h2" if (len(p) < 60 and not p.endswith(".") and not p.endswith("”") and i > 0) else "p"
        body.append(f"<{tag}>{html.escape(p)}</{tag}>")
        if i == 1 and captions:
            body.append(f'<figure class="article-image"><img src="/img/{key}.jpg" alt=""><figcaption>{html.escape(captions[0])}<span class="credit">Photo: AP</span></figcaption></figure>')
        if i == 4:
            body.append('<aside class="related-inline"><h3>Read more</h3><ul><li><a href="/world/1">Russians abandon wartime Russia in historic exodus</a></li><li><a href="/world/2">Ukraine war: what we know on day 358</a></li></ul></aside>')
        if i == 7:
            body.append('<div class="paywall-box"><p>Subscribe to continue reading</p><p>Read without limits</p><a class="btn" href="/subscribe">Keep reading</a><a href="/login">I\'m already a subscriber</a></div>')
    nav_items = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in ["Home", "News", "World", "Politics", "Business", "Opinion", "Sport"])
    chrome_top = f"""<div id="cookie-banner" class="cookie-consent" role="dialog"><p>We use cookies to improve your experience. By continuing you agree to our cookie policy.</p><button>Accept all</button><button>Manage preferences</button></div>
<header class="site-header"><a class="logo" href="/">{html.escape(meta['site'])}</a>
<nav class="main-nav" role="navigation"><ul>{nav_items}</ul></nav>
<div class="icons">{svg_icons()}</div>
<form class="search" action="/search"><input name="q" placeholder="Search"><button>Search</button></form></header>
<nav class="breadcrumb" aria-label="Breadcrumb"><a href="/">Home</a> › <a href="/news">News</a> › <span>{html.escape(title)}</span></nav>"""
    share = '<div class="share-bar social-share"><span>Share this article</span><a href="#">Facebook</a><a href="#">Twitter</a><a href="#">WhatsApp</a><a href="#">Email</a><span class="comment-count">25</span></div>'
    related = '<section class="related-articles most-read"><h2>Most read</h2><ol>' + "".join(
        f'<li><a href="/story/{i}">{t}</a></li>' for i, t in enumerate([
            "Ten things to know before the markets open", "Weather: storms expected across the north this weekend",
            "Opinion: the budget nobody asked for", "Five recipes for a cold winter evening"])) + "</ol></section>"
    comments = """<section id="comments" class="comments"><h3>Leave a Reply</h3><p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
<form class="comment-form"><label>Comment</label><textarea name="comment"></textarea><label>Name *</label><input name="author"><label>Email *</label><input name="email"><button>Post Comment</button></form></section>"""
    newsletter = '<div class="newsletter-signup"><h3>Sign up for our weekly newsletter</h3><p>Get the best stories in your inbox every Friday.</p><input type="email" placeholder="Your email"><button>Subscribe</button></div>'
    footer = f"""<footer class="site-footer"><ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms of use</a></li><li><a href="/contact">Contact</a></li></ul>
<p>© {html.escape(meta['site'])} 2023. All rights reserved.</p><p>The information on this site is from external sources that are not under our control.</p></footer>"""
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "datePublished": meta["date"], "author": [{"@type": "Person", "name": meta["author"]}],
                     "publisher": {"@type": "Organization", "name": meta["site"]}}, ensure_ascii=False)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | {html.escape(meta['site'])}</title>
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="{html.escape(meta['site'])}">
<meta property="article:published_time" content="{meta['date']}">
<meta name="author" content="{html.escape(meta['author'])}">
<link rel="canonical" href="{meta['url']}">
<script type="application/ld+json">{ld}</script>
<script>window.dataLayer=window.dataLayer||[];function track(){{dataLayer.push(arguments)}};track('page','{key}');</script>
<style>.paywall-box{{display:block}} .icon{{width:16px}}</style>
</head><body>
{chrome_top}
<main id="main-content"><article class="article">
<header class="article-header"><h1 class="headline">{html.escape(title)}</h1>
<div class="byline">By <a rel="author" href="/authors/x">{html.escape(meta['author'])}</a> · <time datetime="{meta['date']}">{meta['date'][:10]}</time></div></header>
{share}
<div class="article-body" itemprop="articleBody">
{chr(10).join(body)}
</div>
{share}
</article>
{newsletter}
{related}
{comments}
</main>
{footer}
</body></html>
"""


def gzip_bytes(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as g:
        g.write(data)
    return buf.getvalue()


def syndicate(paras):
    """A wire near-copy: dateline, first 90 % of the paragraphs, a few word edits."""
    keep = paras[: max(3, int(len(paras) * 0.9))]
    out = ["MOSCOW (AP) — " + keep[0]] + keep[1:]
    out = [p.replace("On Friday", "On Friday,").replace("awkward", "uneasy") for p in out]
    return out


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--seeds", default=os.path.join(here, "..", "..", "shared", "seeds"))
    ap.add_argument("--out", default=os.path.join(here, "..", "samples"))
    a = ap.parse_args()
    seeds = {}
    for name in sorted(os.listdir(a.seeds)):
        seeds[name[:3]] = (name, open(os.path.join(a.seeds, name), encoding="utf-8").read())
    for sub in ["text", "html", "gz", "syndicated"]:
        os.makedirs(os.path.join(a.out, sub), exist_ok=True)
    for key, (name, text) in seeds.items():
        if key in ("002", "003"):
            continue   # these two are shipped compressed (see below)
        open(os.path.join(a.out, "text", name), "w", encoding="utf-8").write(text)
    for key, meta in META.items():
        paras = seed_paragraphs(seeds[key][1], key)
        if key == "002":   # 002 ships as HTML gzip-compressed (single member)
            data = page(key, paras, meta).encode("utf-8")
            open(os.path.join(a.out, "gz", f"{key}-{meta['slug']}.html.gz"), "wb").write(gzip_bytes(data))
            continue
        open(os.path.join(a.out, "html", f"{key}-{meta['slug']}.html"), "w", encoding="utf-8").write(page(key, paras, meta))
    # Seed 003 as text in a multi-member gzip: two members, split at a paragraph boundary.
    t3 = seeds["003"][1].encode("utf-8")
    cut = t3.index(b"\n\n", len(t3) // 2) + 2
    open(os.path.join(a.out, "gz", seeds["003"][0] + ".gz"), "wb").write(gzip_bytes(t3[:cut]) + gzip_bytes(t3[cut:]))
    # Seed 002 as raw text, gzip-compressed too (the text form of the same article).
    open(os.path.join(a.out, "gz", seeds["002"][0] + ".gz"), "wb").write(gzip_bytes(seeds["002"][1].encode("utf-8")))
    # Syndicated near-copy of 001 under different chrome.
    meta = dict(site="Daily Wire Digest", author="Associated Press", date="2023-02-17T18:40:00+00:00",
                url="https://www.example-digest.net/ap/putin-lukashenko-uneasy-meeting", slug="ap-copy")
    paras = syndicate(seed_paragraphs(seeds["001"][1], "001"))
    open(os.path.join(a.out, "syndicated", "001-ap-copy.html"), "w", encoding="utf-8").write(page("001", paras, meta))
    golden = os.path.join(here, "..", "Tests", "WinnowPipelineTests", "Golden", "seed-noise.json")
    with open(golden, "w", encoding="utf-8") as f:
        json.dump({k: {"file": seeds[k][0], **v} for k, v in NOISE.items()} | {"icon_run_prefix": ICON_RUN_PREFIX},
                  f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
