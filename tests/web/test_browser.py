"""The web front end in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium).

Signs in with an invite, answers a question from the keyboard, opens a written material, removes
and moves an item, undoes, downloads the Word file, and leaves screenshots at phone and desk width
(tests/web/screenshots/, not committed) for a person to look at.
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


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
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


def test_sign_in_answer_edit_the_material_and_download(server: str, browser: WebDriver, service: DraftingService,
                                                       tmp_path: Path) -> None:
    code = create_invites(service.db)[0]
    browser.get(server + "/register")
    browser.find_element(By.NAME, "code").send_keys(code)
    browser.find_element(By.NAME, "login").send_keys("liming")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.NAME, "password2").send_keys(PASSWORD + Keys.ENTER)
    _wait(browser, "新建材料")

    browser.find_element(By.CSS_SELECTOR, 'form[action="/materials/new"] input[value="2024-dangji"] ~ button').click()
    _wait(browser, "请填写您的职务")
    answer = browser.find_element(By.ID, "answer")
    assert browser.switch_to.active_element == answer  # the cursor is in the answer: type at once
    answer.send_keys("县农业农村局党组书记、局长")
    answer.send_keys(Keys.CONTROL, Keys.ENTER)  # keyboard first: Ctrl+Enter saves
    _wait(browser, "已保存")
    user = accounts.sign_in(service.db, "liming", PASSWORD).telegram_id
    assert service.answers(user)["author.position"] == "县农业农村局党组书记、局长"

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
    browser.find_element(By.CSS_SELECTOR, "button.undo").click()
    _until(browser, lambda d: _items(d, 2) == [before[0], *before[2:]])
    browser.find_element(By.CSS_SELECTOR, "button.undo").click()
    _until(browser, lambda d: _items(d, 2) == before)
    assert text_of(service, user) == written
    view = browser.find_element(By.ID, "document").text

    browser.find_element(By.ID, "download").click()
    downloads = tmp_path / "downloads"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not list(downloads.glob("*.docx")):
        time.sleep(0.2)
    files = list(downloads.glob("*.docx"))
    assert files, "the Word file was downloaded"
    word = WordDocument(io.BytesIO(files[0].read_bytes()))
    assert "".join("".join(p.text for p in word.paragraphs).split()) == "".join(view.split())

    browser.set_window_size(1280, 900)
    browser.get(server + "/material")
    browser.save_screenshot(str(SHOTS / "material-desk.png"))
    logs = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert logs == [], logs  # no script or style refused by the Content-Security-Policy, no error
