"""The live page preview in Baustein 5 in the real window: typing in a chapter shows the text on
its printed page, literally, before anything is saved."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_pace import keys
from test_walkthrough import api, by_id, click, wait_for

TYPED = "Neu im Entwurf: <b>fett</b> { PAGE } #panic(\"x\")"


def test_typing_in_a_chapter_shows_it_on_the_printed_page(launch, screenshot):
    driver = launch("--demo")
    driver.set_window_size(1280, 800)
    wait_for(driver, "municipality")
    click(by_id(driver, "nav-5"))
    body = wait_for(driver, "body-einleitung")
    saved = body.get_attribute("value")
    click(body)
    pane = wait_for(driver, "page-preview")
    chapter = next(c for c in api(driver, {"strategy": {"preview": {}}})["chapters"] if c["heading"] == "1 Einleitung")
    wait_for(driver, f"preview-page-{chapter['page']}")
    keys(driver, " " + TYPED)

    def squeeze(text):
        return "".join(text.split())

    def shown(d):
        # The page's text comes line by line; the typed words may wrap.
        captions = [f.get_attribute("textContent") for f in pane.find_elements(By.CSS_SELECTOR, "figure figcaption")]
        return any(squeeze(TYPED) in squeeze(c) for c in captions)

    WebDriverWait(driver, 10).until(shown)
    assert "Seite" in by_id(driver, "preview-pages").text
    img = pane.find_element(By.CSS_SELECTOR, f'[data-testid="preview-page-{chapter["page"]}"] img')
    assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", img)
    screenshot(driver, "42-seitenvorschau-1280")
    # Scrolled through the pages, the title, page count and page buttons stay in view.
    driver.execute_script("arguments[0].scrollTop = 700", pane)
    assert driver.execute_script("return arguments[0].scrollTop", pane) > 0
    # Whole, not clipped: the title inside its header, the page count a line of text on top.
    head = driver.execute_script(
        """const pane = arguments[0].getBoundingClientRect();
        const head = document.getElementById('preview-title').parentElement.getBoundingClientRect();
        const title = document.getElementById('preview-title').getBoundingClientRect();
        const count = document.querySelector('[data-testid=preview-pages]');
        const c = count.getBoundingClientRect();
        const top = document.elementFromPoint(c.left + c.width / 2, c.top + c.height / 2);
        return {inPane: head.top >= pane.top && head.bottom <= pane.bottom,
                titleInHead: title.top >= head.top && title.bottom <= head.bottom,
                countHeight: c.height, countOnTop: top === count,
                countColour: getComputedStyle(count).backgroundColor};""",
        pane,
    )
    assert head["inPane"] and head["titleInHead"] and head["countHeight"] >= 10 and head["countOnTop"], head
    assert head["countColour"] in ("rgba(0, 0, 0, 0)", "transparent"), head
    screenshot(driver, "43-seitenvorschau-geblaettert")
    # Nothing was saved while typing.
    einleitung = next(s for s in api(driver, {"strategy": "get"})["sections"] if s["key"] == "einleitung")
    assert einleitung["body"] == saved
