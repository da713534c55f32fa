"""The web front end in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium).

Signs in with an invite, answers five questions from the keyboard, opens a written material, removes
and moves an item, undoes, downloads the Word file (its text equals the page's), shares the material
with a reviewer who comments from a second browser, sees the comment on the page and in the bot and
resolves it; leaves screenshots at phone and desk width (tests/web/screenshots/, not committed).
"""

from __future__ import annotations

import io
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from docx import Document as WordDocument
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from bot.access import create_invites
from bot.usecases import DraftingService
from bot.web import accounts
from bot.web.site import create_app
from tests.usecases.helpers import filled, text_of
from tests.web.helpers import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SHOTS = Path(__file__).resolve().parent / "screenshots"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(service: DraftingService) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(create_app(service), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


def _chromium(tmp_path: Path) -> WebDriver:
    assert shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER), "chromium and chromium-driver (.ci/system-packages)"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=390,844"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(tmp_path / "downloads"),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    driver = _chromium(tmp_path / "official")
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def second_browser(tmp_path: Path) -> Iterator[WebDriver]:
    """Another person's browser: its own profile, cookies and session."""
    driver = _chromium(tmp_path / "reviewer")
    try:
        yield driver
    finally:
        driver.quit()


def _until(driver: WebDriver, test: Callable[[WebDriver], bool], timeout: float = 15) -> None:
    # htmx swaps the page body in place: an element found a moment ago may be gone; look again.
    WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(test)


def _wait(driver: WebDriver, what: str) -> None:
    _until(driver, lambda d: what in d.find_element(By.TAG_NAME, "main").text)


def _items(driver: WebDriver, section: int) -> list[str]:
    return [li.get_attribute("data-item") or "" for li in driver.find_elements(By.CSS_SELECTOR, f"#s{section} li.item")]


def _click(driver: WebDriver, section: int, item: str, op: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f'#s{section} li.item[data-item="{item}"] button.{op}').click()


def _register(driver: WebDriver, server: str, service: DraftingService, login: str) -> None:
    code = create_invites(service.db)[0]
    driver.get(server + "/register")
    driver.find_element(By.NAME, "code").send_keys(code)
    driver.find_element(By.NAME, "login").send_keys(login)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.NAME, "password2").send_keys(PASSWORD + Keys.ENTER)
    _wait(driver, "新建材料")


def test_sign_in_answer_edit_the_material_and_download(server: str, browser: WebDriver, second_browser: WebDriver,
                                                       service: DraftingService, tmp_path: Path) -> None:
    _register(browser, server, service, "liming")

    browser.find_element(By.CSS_SELECTOR, 'form[action="/materials/new"] input[value="2024-dangji"] ~ button').click()
    _wait(browser, "请填写您的职务")
    answer = browser.find_element(By.ID, "answer")
    assert browser.switch_to.active_element == answer  # the cursor is in the answer: type at once
    SHOTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(SHOTS / "interview-phone.png"))
    answer.send_keys("县农业农村局党组书记、局长")
    answer.send_keys(Keys.CONTROL, Keys.ENTER)  # keyboard first: Ctrl+Enter saves
    _wait(browser, "请填写您的姓名")
    # Four more, each typed into the field the page puts the cursor in, and sent with Enter.
    for text, following in (("李明", "单位"), ("某县农业农村局", "集中学习研讨"), ("3", "意见建议"), ("5", "谈心谈话")):
        _until(browser, lambda d: d.switch_to.active_element.get_attribute("id") == "answer")
        browser.switch_to.active_element.send_keys(text + Keys.ENTER)
        _wait(browser, following)
    user = accounts.sign_in(service.db, "liming", PASSWORD).telegram_id
    answers = service.answers(user)
    assert answers["author.position"] == "县农业农村局党组书记、局长" and answers["author.name"] == "李明"
    assert answers["counts.study"] == "3" and answers["counts.opinions"] == "5"

    filled(service, user)  # a whole material written earlier (the bot or an answers file), now open
    browser.find_element(By.LINK_TEXT, "材料全文").click()
    _wait(browser, "逐项修改")
    before = _items(browser, 2)
    assert len(before) == 4
    written = text_of(service, user)
    _click(browser, 2, before[1], "remove")
    _until(browser, lambda d: _items(d, 2) == [before[0], *before[2:]])
    _click(browser, 2, before[3], "up")
    _until(browser, lambda d: _items(d, 2) == [before[0], before[3], before[2]])
    SHOTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(SHOTS / "material-phone.png"))
    browser.execute_script("arguments[0].scrollIntoView()", browser.find_element(By.CSS_SELECTOR, "#s2 li.item"))
    browser.save_screenshot(str(SHOTS / "items-phone.png"))
    browser.find_element(By.CSS_SELECTOR, "button.undo").click()
    _until(browser, lambda d: _items(d, 2) == [before[0], *before[2:]])
    browser.find_element(By.CSS_SELECTOR, "button.undo").click()
    _until(browser, lambda d: _items(d, 2) == before)
    assert text_of(service, user) == written
    view = browser.find_element(By.ID, "document").text

    browser.find_element(By.ID, "download").click()
    downloads = tmp_path / "official" / "downloads"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not list(downloads.glob("*.docx")):
        time.sleep(0.2)
    files = list(downloads.glob("*.docx"))
    assert files, "the Word file was downloaded"
    word = WordDocument(io.BytesIO(files[0].read_bytes()))
    assert "".join("".join(p.text for p in word.paragraphs).split()) == "".join(view.split())

    # Drag the third item onto the first (static/app.js; HTML5 drag events, as a mouse would send them).
    browser.execute_script("""
        const [from, to] = arguments;
        const data = new DataTransfer();
        for (const [node, kind] of [[from, "dragstart"], [to, "dragover"], [to, "drop"]]) {
            node.dispatchEvent(new DragEvent(kind, {bubbles: true, cancelable: true, dataTransfer: data}));
        }""", browser.find_element(By.CSS_SELECTOR, f'#s2 li.item[data-item="{before[2]}"]'),
        browser.find_element(By.CSS_SELECTOR, f'#s2 li.item[data-item="{before[0]}"]'))
    _until(browser, lambda d: _items(d, 2) == [before[2], before[0], before[1], before[3]])

    # Share with a reviewer, who comments from another browser; the official sees it and resolves it.
    browser.find_element(By.LINK_TEXT, "共享审核").click()
    _wait(browser, "生成共享码")
    browser.find_element(By.ID, "new-share").click()
    _until(browser, lambda d: bool(d.find_elements(By.CSS_SELECTOR, "#share-code .code")))
    share_code = browser.find_element(By.CSS_SELECTOR, "#share-code .code").text
    _register(second_browser, server, service, "shuji")
    second_browser.find_element(By.LINK_TEXT, "审阅他人材料").click()
    _wait(second_browser, "加入审核")
    second_browser.find_element(By.NAME, "code").send_keys(share_code + Keys.ENTER)
    _wait(second_browser, "已加入审核")
    second_browser.find_element(By.CSS_SELECTOR, "a.review-link").click()
    _wait(second_browser, "只读")
    item = f'li.item[data-key="themes.1.problems.{before[0]}"]'
    second_browser.find_element(By.CSS_SELECTOR, item + " textarea").send_keys("请补充本人的具体事例。")
    second_browser.find_element(By.CSS_SELECTOR, item + " form button").click()
    _wait(second_browser, "意见已提交")

    browser.get(server + "/material")
    first = f'li.item[data-item="{before[0]}"]'
    assert "请补充本人的具体事例。" in browser.find_element(By.CSS_SELECTOR, first).text
    assert "请补充本人的具体事例。" in "\n".join(r.text for r in service.command(user, "comments"))
    browser.find_element(By.CSS_SELECTOR, first + " button.resolve").click()
    _wait(browser, "该意见已标为已处理")
    assert "（已处理）" in "\n".join(r.text for r in service.command(user, "comments"))

    browser.set_window_size(1280, 900)
    browser.get(server + "/material")
    browser.save_screenshot(str(SHOTS / "material-desk.png"))
    for driver in (browser, second_browser):
        logs = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        assert logs == [], logs  # no script or style refused by the Content-Security-Policy, no error
