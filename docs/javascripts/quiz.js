// LR Lab questions: check an answer, say right or wrong, count progress on the page.
// The questions are complete without this script (radio buttons plus collapsed solutions);
// it only adds the "Check answer" button, the feedback and the progress line.
//
// Two modes. Practice (the default): retry until right, "Progress: k/n answered correctly".
// Test: a page that holds `<div class="lrlab-quiz-result" data-quiz-mode="test">` is a test.
// The first answer to each question counts and is locked (hint and solution still open); the
// result panel says how many remain, and once all are answered gives the score overall and
// per difficulty, the missed questions (linked) and a verdict; "Retake" clears the page.
// Nothing is sent or stored: the state lives in the page's DOM and ends with it.
// Material's instant navigation swaps pages without reloading, so we hook `document$`.
(function () {
  "use strict";

  const LEVELS = ["easy", "medium", "hard"];

  function updateProgress(questions, status) {
    const right = questions.filter((q) => q.dataset.state === "right").length;
    status.textContent = `Progress: ${right}/${questions.length} answered correctly`;
  }

  function clearMarks(question) {
    question.querySelectorAll(".lrlab-option").forEach((option) => {
      option.classList.remove("lrlab-option--right", "lrlab-option--wrong");
    });
  }

  // The chosen wrong option's reason (rendered by the build, hidden in the option), if any.
  function showWhy(feedback, option, lead) {
    feedback.replaceChildren(document.createTextNode(lead));
    const why = option.querySelector(".lrlab-why");
    if (why) {
      const reason = element("span", "lrlab-feedback-why");
      reason.innerHTML = why.innerHTML;
      feedback.append(" ", reason);
    }
  }

  function setUp(question, questions, onAnswer, test) {
    if (question.dataset.ready === "1") return;
    question.dataset.ready = "1";
    const form = question.querySelector(".lrlab-question-form");
    const actions = question.querySelector(".lrlab-question-actions");
    const feedback = question.querySelector(".lrlab-feedback");
    if (!form || !actions || !feedback) return;
    actions.hidden = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (test && question.dataset.locked === "1") return; // the first answer counts
      const chosen = form.querySelector("input[type=radio]:checked");
      clearMarks(question);
      if (!chosen) {
        feedback.className = "lrlab-feedback";
        feedback.textContent = "Choose an answer first.";
        return;
      }
      const option = chosen.closest(".lrlab-option");
      const right = chosen.value === question.dataset.answer;
      if (test) {
        lock(question, form, chosen.value);
        option.classList.add(right ? "lrlab-option--right" : "lrlab-option--wrong");
        const key = question.querySelector(`.lrlab-option[data-option="${question.dataset.answer}"]`);
        if (key) key.classList.add("lrlab-option--right");
        feedback.className = `lrlab-feedback lrlab-feedback--${right ? "right" : "wrong"}`;
        if (right) {
          feedback.textContent = `Right: ${chosen.value}. Your answer is locked; the solution shows why.`;
        } else {
          showWhy(feedback, option, `Missed: you chose ${chosen.value}, the answer is ${question.dataset.answer}; your answer is locked.`);
        }
      } else if (right) {
        question.dataset.state = "right";
        option.classList.add("lrlab-option--right");
        feedback.className = "lrlab-feedback lrlab-feedback--right";
        feedback.textContent =
          question.dataset.kind === "conceptual"
            ? `Correct: ${chosen.value} is the keyed answer. No code decides this one; open the solution for the reasoning.`
            : `Correct: ${chosen.value} is the answer the build proved. Open the solution to see the run.`;
      } else {
        if (question.dataset.state !== "right") question.dataset.state = "wrong";
        option.classList.add("lrlab-option--wrong");
        feedback.className = "lrlab-feedback lrlab-feedback--wrong";
        showWhy(feedback, option, `Not quite: ${chosen.value}. Try again, or open the hint or the solution.`);
      }
      onAnswer();
    });
  }

  // ----------------------------------------------------------------------------- test mode

  function lock(question, form, letter) {
    question.dataset.locked = "1";
    question.dataset.chosen = letter;
    question.dataset.state = letter === question.dataset.answer ? "right" : "wrong";
    const focused = form.contains(document.activeElement);
    form.querySelector("fieldset").disabled = true;
    const button = form.querySelector(".lrlab-check");
    button.setAttribute("aria-disabled", "true");
    button.textContent = "Answer locked";
    if (focused) button.focus(); // a radio that had focus is now disabled: stay in place
  }

  function unlock(question) {
    const form = question.querySelector(".lrlab-question-form");
    delete question.dataset.locked;
    delete question.dataset.chosen;
    delete question.dataset.state;
    clearMarks(question);
    form.querySelector("fieldset").disabled = false;
    form.querySelectorAll("input[type=radio]").forEach((input) => (input.checked = false));
    const button = form.querySelector(".lrlab-check");
    button.removeAttribute("aria-disabled");
    button.textContent = "Check answer";
    const feedback = question.querySelector(".lrlab-feedback");
    feedback.className = "lrlab-feedback";
    feedback.textContent = "";
    question.querySelectorAll("details").forEach((details) => (details.open = false));
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function stemSummary(question) {
    const stem = question.querySelector(".lrlab-question-stem p");
    const text = stem ? stem.textContent.replace(/\s+/g, " ").trim() : "";
    return text.length > 90 ? `${text.slice(0, 87).trimEnd()}…` : text;
  }

  function scores(questions) {
    const by = {};
    LEVELS.forEach((level) => (by[level] = { right: 0, total: 0 }));
    questions.forEach((q) => {
      const level = by[q.dataset.difficulty] || (by[q.dataset.difficulty] = { right: 0, total: 0 });
      level.total += 1;
      if (q.dataset.state === "right") level.right += 1;
    });
    const right = questions.filter((q) => q.dataset.state === "right").length;
    return { right, total: questions.length, by };
  }

  // The verdict names every level with a miss; a level under two thirds right is weak.
  function verdict(score, panel) {
    const levels = Object.keys(score.by).filter((level) => score.by[level].total > 0);
    const missed = levels.filter((level) => score.by[level].right < score.by[level].total);
    const weak = levels.filter((level) => 3 * score.by[level].right < 2 * score.by[level].total);
    const sentence = element("p", "lrlab-test-verdict");
    if (!missed.length) {
      sentence.append("Verdict: strong. Every answer right: the pattern has stuck.");
      return sentence;
    }
    if (!weak.length && 5 * score.right >= 4 * score.total) {
      sentence.append("Verdict: strong. To close the gap, review ");
    } else if (!weak.length) {
      sentence.append("Verdict: nearly there. Review ");
    } else {
      sentence.append("Verdict: review ");
    }
    missed.forEach((level, i) => {
      if (i) sentence.append(i === missed.length - 1 ? " and " : ", ");
      sentence.append(`the ${level} questions`);
      const source = panel.querySelector(`a[data-review="${level}"]`);
      if (source) {
        const link = source.cloneNode(true);
        link.removeAttribute("data-review");
        sentence.append(" on ", link);
      }
    });
    sentence.append(", then retake the test.");
    return sentence;
  }

  function summaryText(score) {
    const levels = LEVELS.filter((level) => score.by[level].total > 0)
      .map((level) => `${level} ${score.by[level].right} of ${score.by[level].total}`)
      .join(", ");
    return `Your score: ${score.right} of ${score.total} (${levels}).`;
  }

  function renderResult(questions, parts) {
    const answered = questions.filter((q) => q.dataset.locked === "1").length;
    const remain = questions.length - answered;
    parts.details.replaceChildren();
    parts.retake.hidden = answered === 0;
    parts.progress.textContent =
      `Test: your first answer to each question counts. ${answered} of ${questions.length} ` +
      `answered, ${remain} to go.`;
    if (remain > 0) {
      parts.live.textContent =
        answered === 0
          ? `Answer all ${questions.length} questions to see your score.`
          : `${remain} question${remain === 1 ? "" : "s"} remain${remain === 1 ? "s" : ""}: your score appears when all ${questions.length} are answered.`;
      parts.panel.classList.remove("lrlab-quiz-result--done");
      return;
    }
    const score = scores(questions);
    // the live region holds the score and the verdict, so both are announced; the table and
    // the list of missed questions below it are there to read at leisure
    parts.live.replaceChildren(element("p", "lrlab-test-score", summaryText(score)), verdict(score, parts.panel));
    parts.panel.classList.add("lrlab-quiz-result--done");

    const table = element("table");
    const caption = element("caption", "", "Right answers per difficulty");
    table.append(caption);
    const head = table.createTHead().insertRow();
    ["Difficulty", "Right", "Questions"].forEach((label) => {
      const cell = element("th", "", label);
      cell.scope = "col";
      head.append(cell);
    });
    const body = table.createTBody();
    const rows = LEVELS.filter((level) => score.by[level].total > 0).map((level) => [
      level,
      score.by[level],
    ]);
    rows.push(["overall", { right: score.right, total: score.total }]);
    rows.forEach(([level, s]) => {
      const row = body.insertRow();
      row.dataset.level = level;
      const name = element("th", "", level);
      name.scope = "row";
      row.append(name, element("td", "", String(s.right)), element("td", "", String(s.total)));
    });
    parts.details.append(table);

    const missed = questions.filter((q) => q.dataset.state !== "right");
    if (missed.length) {
      parts.details.append(element("p", "lrlab-test-missed-title", "Questions you missed:"));
      const list = element("ul", "lrlab-test-missed");
      missed.forEach((q) => {
        const item = element("li");
        const link = element(
          "a",
          "lrlab-test-missed-question",
          `Question ${q.dataset.number} (${q.dataset.difficulty})`
        );
        link.href = `#${q.id}`;
        item.append(link, `: ${stemSummary(q)}`);
        const teaches = q.querySelector(".lrlab-teaches-link");
        if (teaches) {
          const read = teaches.cloneNode(true);
          read.classList.add("lrlab-test-missed-teaches");
          item.append(" Read: ", read);
        }
        list.append(item);
      });
      parts.details.append(list);
    }
  }

  function setUpTest(questions, panel, progress) {
    if (panel.dataset.ready === "1") return;
    panel.dataset.ready = "1";
    questions.forEach((q, i) => {
      q.dataset.number = String(i + 1);
      const meta = q.querySelector(".lrlab-question-meta");
      if (meta && !meta.querySelector(".lrlab-question-number")) {
        meta.prepend(element("span", "lrlab-question-number", `Question ${i + 1}`), " ");
      }
    });
    const live = element("div", "lrlab-test-live");
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    const details = element("div", "lrlab-test-details");
    const retake = element("button", "md-button lrlab-retake", "Retake the test");
    retake.type = "button";
    panel.prepend(live, details);
    panel.append(retake);
    const parts = { panel, live, details, retake, progress };
    retake.addEventListener("click", () => {
      questions.forEach(unlock);
      renderResult(questions, parts);
      // below the sticky header, which would otherwise cover question 1
      const header = document.querySelector(".md-header");
      const below = header ? header.getBoundingClientRect().bottom : 0;
      const top = questions[0].getBoundingClientRect().top + window.scrollY - below - 8;
      window.scrollTo({ top: Math.max(0, top), behavior: "instant" });
      const first = questions[0].querySelector("input[type=radio]");
      if (first) first.focus({ preventScroll: true });
    });
    return () => renderResult(questions, parts);
  }

  function init() {
    const questions = Array.from(document.querySelectorAll(".lrlab-question"));
    if (!questions.length) return;
    const panel = document.querySelector(".lrlab-quiz-result[data-quiz-mode=test]");
    let status = document.querySelector(".lrlab-quiz-progress");
    if (!status) {
      status = document.createElement("p");
      status.className = "lrlab-quiz-progress";
      // in a test the result panel is the live region; in practice this line is
      if (!panel) status.setAttribute("role", "status");
      questions[0].parentNode.insertBefore(status, questions[0]);
    }
    let onAnswer;
    if (panel) {
      if (panel.dataset.ready === "1") return;
      onAnswer = setUpTest(questions, panel, status);
    } else {
      onAnswer = () => updateProgress(questions, status);
    }
    questions.forEach((question) => setUp(question, questions, onAnswer, Boolean(panel)));
    onAnswer();
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init); // every page load, including instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
