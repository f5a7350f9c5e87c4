// LR Lab practice questions: check an answer, say right or wrong, count progress on the page.
// The questions are complete without this script (radio buttons plus collapsed solutions);
// it only adds the "Check answer" button, the feedback and the "k/n" progress line.
// Material's instant navigation swaps pages without reloading, so we hook `document$`.
(function () {
  "use strict";

  function updateProgress(questions, status) {
    const right = questions.filter((q) => q.dataset.state === "right").length;
    status.textContent = `Progress: ${right}/${questions.length} answered correctly`;
  }

  function setUp(question, questions, status) {
    if (question.dataset.ready === "1") return;
    question.dataset.ready = "1";
    const form = question.querySelector(".lrlab-question-form");
    const actions = question.querySelector(".lrlab-question-actions");
    const feedback = question.querySelector(".lrlab-feedback");
    if (!form || !actions || !feedback) return;
    actions.hidden = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const chosen = form.querySelector("input[type=radio]:checked");
      question.querySelectorAll(".lrlab-option").forEach((option) => {
        option.classList.remove("lrlab-option--right", "lrlab-option--wrong");
      });
      if (!chosen) {
        feedback.className = "lrlab-feedback";
        feedback.textContent = "Choose an answer first.";
        return;
      }
      const option = chosen.closest(".lrlab-option");
      if (chosen.value === question.dataset.answer) {
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
        feedback.textContent = `Not quite: ${chosen.value} is not it. Try again, or open the hint or the solution.`;
      }
      updateProgress(questions, status);
    });
  }

  function init() {
    const questions = Array.from(document.querySelectorAll(".lrlab-question"));
    if (!questions.length) return;
    let status = document.querySelector(".lrlab-quiz-progress");
    if (!status) {
      status = document.createElement("p");
      status.className = "lrlab-quiz-progress";
      status.setAttribute("role", "status");
      questions[0].parentNode.insertBefore(status, questions[0]);
    }
    questions.forEach((question) => setUp(question, questions, status));
    updateProgress(questions, status);
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init); // every page load, including instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
