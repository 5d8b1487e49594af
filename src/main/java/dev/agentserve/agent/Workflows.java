package dev.agentserve.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.agentserve.event.ErrorCodes;
import dev.agentserve.event.TurnEvent;
import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.Message;
import dev.agentserve.model.UserMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a planner/worker workflow as one turn (DESIGN.md §13): the planner's plan (one
 * repair round when it is invalid), a {@code plan} event, the tasks as child runs in
 * dependency order (independent ones in parallel, at most {@code max-parallel} at once),
 * each checked by the optional validator and retried up to {@code max-attempts}, with a
 * {@code task_update} event at every change, then the answer: the synthesizer's, or the
 * list of results.
 */
final class Workflows {

	private static final Pattern REJECTED = Pattern.compile("^\\W*reject", Pattern.CASE_INSENSITIVE);

	private final ChildRuns children;

	private final JsonMapper json;

	private final DelegationProperties limits;

	Workflows(ChildRuns children, JsonMapper json, DelegationProperties limits) {
		this.children = children;
		this.json = json;
		this.limits = limits;
	}

	/** The workflow's events, ending with {@code done} or an {@code error}. */
	Flux<TurnEvent> run(LoopState state, WorkflowSpec workflow) {
		return Flux.defer(() -> {
			int step = state.nextStep();
			String message = lastUserMessage(state.run.context());
			PlanParser parser = new PlanParser(this.json, workflow.workers(), workflow.maxTasks());
			List<Message> conversation = new ArrayList<>(
					List.of(new UserMessage(instructions(workflow, parser, message))));
			return plan(state, workflow, parser, conversation, 1,
					(tasks) -> execute(state, workflow, step, message, tasks));
		});
	}

	private interface Continuation {

		Flux<TurnEvent> with(List<TurnEvent.PlanTask> tasks);

	}

	private Flux<TurnEvent> plan(LoopState state, WorkflowSpec workflow, PlanParser parser, List<Message> conversation,
			int round, Continuation next) {
		ChildRuns.Result[] planned = new ChildRuns.Result[1];
		String callId = (round == 1) ? "plan" : "plan-" + round;
		return this.children.run(state, workflow.planner(), conversation, callId, (ended) -> planned[0] = ended)
			.concatWith(Flux.defer(() -> {
				ChildRuns.Result result = planned[0];
				if (result.failed()) {
					return Flux.just(new TurnEvent.Failed(ErrorCodes.WORKFLOW_FAILED, result.error()));
				}
				return switch (parser.parse(result.answer())) {
					case PlanParser.Parsed.Valid valid ->
						Flux.concat(Mono.just(new TurnEvent.Plan(valid.tasks())), next.with(valid.tasks()));
					case PlanParser.Parsed.Invalid invalid when round == 1 -> {
						List<Message> repair = new ArrayList<>(conversation);
						repair.add(new AssistantMessage(result.answer(), List.of()));
						repair.add(new UserMessage("That plan is invalid: " + String.join("; ", invalid.problems())
								+ ". Reply with only the corrected JSON plan."));
						yield plan(state, workflow, parser, repair, round + 1, next);
					}
					case PlanParser.Parsed.Invalid invalid -> Flux.just(new TurnEvent.Failed(ErrorCodes.INVALID_PLAN,
							"The " + workflow.planner() + " agent gave no valid plan after one repair round: "
									+ String.join("; ", invalid.problems())));
				};
			}));
	}

	private Flux<TurnEvent> execute(LoopState state, WorkflowSpec workflow, int step, String message,
			List<TurnEvent.PlanTask> tasks) {
		Map<String, Sinks.One<Boolean>> finished = new ConcurrentHashMap<>();
		Map<String, String> results = new ConcurrentHashMap<>();
		tasks.forEach((task) -> finished.put(task.taskId(), Sinks.one()));
		// In dependency order, so a task waits only for tasks already started: no task
		// holds a place while what it waits for has none.
		Flux<TurnEvent> run = Flux.fromIterable(tasks)
			.flatMap((task) -> Flux.fromIterable(task.dependsOn())
				.flatMap((dependency) -> finished.get(dependency).asMono())
				.all((ok) -> ok)
				.flatMapMany((ready) -> ready ? attempt(state, workflow, task, 1, "", results, finished)
						: skip(task, results, finished)),
					this.limits.maxParallel());
		return run.concatWith(Flux.defer(() -> answer(state, workflow, step, message, tasks, results)));
	}

	private Flux<TurnEvent> skip(TurnEvent.PlanTask task, Map<String, String> results,
			Map<String, Sinks.One<Boolean>> finished) {
		return settle(new TurnEvent.TaskUpdate(task.taskId(), "skipped", 0), "(skipped: a task it depends on failed)",
				false, results, finished);
	}

	private Flux<TurnEvent> attempt(LoopState state, WorkflowSpec workflow, TurnEvent.PlanTask task, int attempt,
			String feedback, Map<String, String> results, Map<String, Sinks.One<Boolean>> finished) {
		String suffix = (attempt == 1) ? "" : "#" + attempt;
		ChildRuns.Result[] worked = new ChildRuns.Result[1];
		Flux<TurnEvent> work = Flux.concat(Mono.just(new TurnEvent.TaskUpdate(task.taskId(), "running", attempt)),
				this.children.run(state, task.agent(), List.of(new UserMessage(prompt(task, results, feedback))),
						task.taskId() + suffix, (ended) -> worked[0] = ended));
		return work.concatWith(Flux.defer(() -> {
			ChildRuns.Result result = worked[0];
			if (result.failed()) {
				return retryOrFail(state, workflow, task, attempt, result.error(), results, finished);
			}
			if (workflow.validator().isEmpty()) {
				return done(task, attempt, result.answer(), results, finished);
			}
			ChildRuns.Result[] checked = new ChildRuns.Result[1];
			return this.children
				.run(state, workflow.validator(), List.of(new UserMessage(validation(task, result.answer()))),
						task.taskId() + ":validate" + suffix, (ended) -> checked[0] = ended)
				.concatWith(Flux.defer(() -> {
					ChildRuns.Result verdict = checked[0];
					if (!verdict.failed() && !REJECTED.matcher(verdict.answer()).find()) {
						return done(task, attempt, result.answer(), results, finished);
					}
					String why = verdict.failed() ? verdict.error() : verdict.answer();
					if (attempt >= workflow.maxAttempts()) {
						return fail(task, attempt, "rejected by the validator: " + why, results, finished);
					}
					return Flux.concat(Mono.just(new TurnEvent.TaskUpdate(task.taskId(), "rejected", attempt)),
							attempt(state, workflow, task, attempt + 1, why, results, finished));
				}));
		}));
	}

	private Flux<TurnEvent> retryOrFail(LoopState state, WorkflowSpec workflow, TurnEvent.PlanTask task, int attempt,
			String error, Map<String, String> results, Map<String, Sinks.One<Boolean>> finished) {
		if (attempt >= workflow.maxAttempts()) {
			return fail(task, attempt, error, results, finished);
		}
		return Flux.concat(Mono.just(new TurnEvent.TaskUpdate(task.taskId(), "error", attempt)),
				attempt(state, workflow, task, attempt + 1, "the last attempt failed: " + error, results, finished));
	}

	private static Flux<TurnEvent> done(TurnEvent.PlanTask task, int attempt, String answer,
			Map<String, String> results, Map<String, Sinks.One<Boolean>> finished) {
		return settle(new TurnEvent.TaskUpdate(task.taskId(), "done", attempt), answer, true, results, finished);
	}

	private static Flux<TurnEvent> fail(TurnEvent.PlanTask task, int attempt, String error, Map<String, String> results,
			Map<String, Sinks.One<Boolean>> finished) {
		return settle(new TurnEvent.TaskUpdate(task.taskId(), "failed", attempt), "(failed: " + error + ")", false,
				results, finished);
	}

	/**
	 * A task's last update, then its result and the signal to the tasks that wait for it:
	 * in this order, so its update precedes theirs in the stream.
	 */
	private static Flux<TurnEvent> settle(TurnEvent.TaskUpdate update, String result, boolean ok,
			Map<String, String> results, Map<String, Sinks.One<Boolean>> finished) {
		return Flux.<TurnEvent>just(update).concatWith(Mono.fromRunnable(() -> {
			results.put(update.taskId(), result);
			finished.get(update.taskId()).tryEmitValue(ok);
		}));
	}

	/** The synthesizer's answer from the results, or the results listed. */
	private Flux<TurnEvent> answer(LoopState state, WorkflowSpec workflow, int step, String message,
			List<TurnEvent.PlanTask> tasks, Map<String, String> results) {
		StringBuilder listed = new StringBuilder();
		for (TurnEvent.PlanTask task : tasks) {
			listed.append(listed.isEmpty() ? "" : "\n")
				.append(task.taskId())
				.append(" (")
				.append(task.task())
				.append("): ")
				.append(results.getOrDefault(task.taskId(), ""));
		}
		if (workflow.synthesizer().isEmpty()) {
			return finish(state, step, listed.toString());
		}
		ChildRuns.Result[] synthesized = new ChildRuns.Result[1];
		String prompt = message + "\n\nThe tasks of this request gave these results:\n" + listed
				+ "\n\nAnswer the request from them.";
		return this.children
			.run(state, workflow.synthesizer(), List.of(new UserMessage(prompt)), "synthesis",
					(ended) -> synthesized[0] = ended)
			.concatWith(Flux.defer(() -> synthesized[0].failed()
					? Flux.just(new TurnEvent.Failed(ErrorCodes.WORKFLOW_FAILED, synthesized[0].error()))
					: finish(state, step, synthesized[0].answer())));
	}

	private static Flux<TurnEvent> finish(LoopState state, int step, String answer) {
		TurnEvent.Done done = new TurnEvent.Done(answer, step, state.usage(), state.elapsedMillis(), state.cost());
		state.answer(new AssistantMessage(answer, List.of()), done);
		return Flux.just(new TurnEvent.Response(step, answer), done);
	}

	private static String instructions(WorkflowSpec workflow, PlanParser parser, String message) {
		return message + "\n\nBreak this request down into tasks, each for one of these agents: "
				+ String.join(", ", workflow.workers()) + ". A task may use the results of the tasks it depends on "
				+ "(their ids in dependsOn); tasks that do not depend on each other run in parallel. At most "
				+ workflow.maxTasks() + " tasks. Reply with only a JSON object of this JSON Schema:\n"
				+ parser.schemaText() + "\nFor example: " + "{\"tasks\":[{\"id\":\"t1\",\"agent\":\""
				+ workflow.workers().get(0) + "\",\"task\":\"...\",\"dependsOn\":[]}]}\nWorkers: "
				+ String.join(", ", workflow.workers());
	}

	private static String prompt(TurnEvent.PlanTask task, Map<String, String> results, String feedback) {
		StringBuilder prompt = new StringBuilder(task.task());
		if (!task.dependsOn().isEmpty()) {
			prompt.append("\n\nResults of the tasks this one builds on:");
			task.dependsOn()
				.forEach((dependency) -> prompt.append("\n- ")
					.append(dependency)
					.append(": ")
					.append(results.getOrDefault(dependency, "")));
		}
		if (!feedback.isEmpty()) {
			prompt.append("\n\nYour previous answer was not accepted: ").append(feedback).append(" Try again.");
		}
		return prompt.toString();
	}

	private static String validation(TurnEvent.PlanTask task, String answer) {
		return "Task: " + task.task() + "\nResult: " + answer
				+ "\n\nIf the result does the task, reply APPROVE. Otherwise reply REJECT: and what is wrong.";
	}

	private static String lastUserMessage(List<Message> context) {
		for (int i = context.size() - 1; i >= 0; i--) {
			if (context.get(i) instanceof UserMessage user) {
				return user.content();
			}
		}
		return "";
	}

}
