package dev.agentserve.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.agentserve.model.Message;
import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.model.UserMessage;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;

import static dev.agentserve.agent.MultiAgentIT.assertContiguous;
import static dev.agentserve.agent.MultiAgentIT.tagged;
import static dev.agentserve.model.ScriptedModel.answer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Planner/worker workflows over HTTP (DESIGN.md §13): the test profile's
 * {@code scripted-flow} plans with {@code flow-planner}, works with {@code scout} and
 * {@code beta}, checks with {@code flow-checker} and answers with {@code flow-writer};
 * and the demo's {@code research}.
 */
class WorkflowIT extends IntegrationTest {

	private static final String GRAPH = """
			{"tasks":[{"id":"t1","agent":"scout","task":"first","dependsOn":[]},
			{"id":"t2","agent":"beta","task":"second","dependsOn":[]},
			{"id":"t3","agent":"scout","task":"third","dependsOn":["t1","t2"]}]}""";

	@Autowired
	private ScriptedModel scripted;

	@Test
	void tasksRunInDependencyOrderWithParallelBranchesAndARejectedResultIsRetried() {
		this.scripted.play();
		this.scripted.named("planner").play(answer("Here is the plan:\n```json\n" + GRAPH + "\n```"));
		this.scripted.named("scout").play(slow("one"), slow("three"));
		this.scripted.named("beta").play(slow("bad two"), slow("two"));
		this.scripted.named("checker")
			.respond((request) -> answer(
					lastUserMessage(request).contains("Result: bad") ? "REJECT: not good enough" : "APPROVE"));
		this.scripted.named("writer").play(answer("all three done"));
		String sessionId = session("scripted-flow");
		List<Frame> frames = stream(sessionId, "do it all");

		assertContiguous(frames);
		Frame plan = frames.stream().filter((frame) -> frame.type().equals("plan")).findFirst().orElseThrow();
		assertThat(plan.json().get("tasks")).hasSize(3);
		assertThat(plan.json().get("tasks").get(2).get("dependsOn").toString()).isEqualTo("[\"t1\",\"t2\"]");
		assertThat(plan.json().get("tasks").get(0).get("status").asString()).isEqualTo("pending");
		List<String> updates = frames.stream()
			.filter((frame) -> frame.type().equals("task_update"))
			.map((frame) -> frame.json().get("taskId").asString() + ":" + frame.json().get("status").asString() + ":"
					+ frame.json().get("attempt").asInt())
			.toList();
		assertThat(updates).containsExactlyInAnyOrder("t1:running:1", "t2:running:1", "t1:done:1", "t2:rejected:1",
				"t2:running:2", "t2:done:2", "t3:running:1", "t3:done:1");
		// t1 and t2 ran side by side; t3 only after both were done.
		assertThat(updates.indexOf("t2:running:1")).isLessThan(updates.indexOf("t1:done:1"));
		assertThat(updates.indexOf("t3:running:1")).isGreaterThan(updates.indexOf("t1:done:1"))
			.isGreaterThan(updates.indexOf("t2:done:2"));
		assertThat(tagged(frames, "scripted-flow/scout")).isNotEmpty()
			.allSatisfy((frame) -> assertThat(frame.json().get("parentCallId").asString()).isIn("t1", "t3"));
		assertThat(tagged(frames, "scripted-flow/beta"))
			.extracting((frame) -> frame.json().get("parentCallId").asString())
			.contains("t2", "t2#2");
		assertThat(tagged(frames, "scripted-flow/flow-planner")).isNotEmpty();
		Frame done = frames.get(frames.size() - 1);
		assertThat(done.type()).isEqualTo("done");
		assertThat(done.json().get("response").asString()).isEqualTo("all three done");
		String retried = lastUserMessage(this.scripted.named("beta").requests().get(1));
		assertThat(retried).contains("second").contains("not good enough");
		String third = lastUserMessage(this.scripted.named("scout").requests().get(1));
		assertThat(third).contains("t1: one").contains("t2: two");
		String synthesis = lastUserMessage(this.scripted.named("writer").requests().get(0));
		assertThat(synthesis).startsWith("do it all").contains("t3 (third): three");
	}

	@Test
	void anInvalidPlanIsRepairedOnce() {
		this.scripted.play();
		this.scripted.named("planner")
			.play(answer("{\"tasks\":[{\"id\":\"t1\",\"agent\":\"nobody\",\"task\":\"x\"}]}"),
					answer("{\"tasks\":[{\"id\":\"t1\",\"agent\":\"scout\",\"task\":\"x\"}]}"));
		this.scripted.named("scout").play(answer("did x"));
		this.scripted.named("checker").respond((request) -> answer("APPROVE"));
		this.scripted.named("writer").play(answer("x is done"));
		String sessionId = session("scripted-flow");
		List<Frame> frames = stream(sessionId, "do x");

		assertThat(frames.get(frames.size() - 1).json().get("response").asString()).isEqualTo("x is done");
		List<ModelRequest> planning = this.scripted.named("planner").requests();
		assertThat(planning).hasSize(2);
		assertThat(lastUserMessage(planning.get(1))).contains("That plan is invalid").contains("/tasks/0/agent");
		assertThat(tagged(frames, "scripted-flow/flow-planner"))
			.extracting((frame) -> frame.json().get("parentCallId").asString())
			.contains("plan", "plan-2");
	}

	@Test
	void aPlanStillInvalidAfterItsRepairEndsTheTurnWithAClearError() {
		this.scripted.play();
		this.scripted.named("planner")
			.play(answer("I would rather not plan."),
					answer("{\"tasks\":[{\"id\":\"a\",\"agent\":\"scout\","
							+ "\"task\":\"x\",\"dependsOn\":[\"b\"]},{\"id\":\"b\",\"agent\":\"beta\",\"task\":\"y\","
							+ "\"dependsOn\":[\"a\"]}]}"));
		String sessionId = session("scripted-flow");
		List<Frame> frames = stream(sessionId, "plan badly");

		Frame error = frames.get(frames.size() - 1);
		assertThat(error.type()).isEqualTo("error");
		assertThat(error.json().get("code").asString()).isEqualTo("invalid_plan");
		assertThat(error.json().get("message").asString()).contains("after one repair round").contains("cycle");
		assertThat(frames).noneMatch((frame) -> frame.type().equals("plan"));
	}

	@Test
	void theDemoWorkflowPlansArithmeticIntoParallelTasks() {
		String sessionId = session("research");
		List<Frame> frames = stream(sessionId, "Plan: 2+3; 4*5; 6-1");

		assertContiguous(frames);
		Frame plan = frames.stream().filter((frame) -> frame.type().equals("plan")).findFirst().orElseThrow();
		assertThat(plan.json().get("tasks")).hasSize(3)
			.allSatisfy((task) -> assertThat(task.get("dependsOn")).isEmpty());
		assertThat(frames).filteredOn(
				(frame) -> frame.type().equals("task_update") && frame.json().get("status").asString().equals("done"))
			.hasSize(3);
		List<Frame> calculator = frames.stream()
			.filter((frame) -> frame.type().equals("tool_call") && frame.json().has("agent"))
			.toList();
		assertThat(calculator).hasSize(3)
			.allSatisfy((frame) -> assertThat(frame.json().get("agent").asString()).isEqualTo("research/researcher"));
		String response = frames.get(frames.size() - 1).json().get("response").asString();
		assertThat(response).contains("2+3 = 5").contains("4*5 = 20").contains("6-1 = 5");
	}

	@Test
	void workflowsAreListedWithTheAgents() {
		this.http.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.get()
			.uri("/agents")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.workflows[?(@.name == 'research')].planner")
			.isEqualTo("planner")
			.jsonPath("$.workflows[?(@.name == 'scripted-flow')].validator")
			.isEqualTo("flow-checker");
	}

	/** As in {@link MultiAgentIT}: the first request of a fresh server may be slow. */
	private String session(String agentType) {
		return Sessions
			.create(this.http.mutate().responseTimeout(Duration.ofSeconds(30)).build(), Map.of("agentType", agentType))
			.get("sessionId")
			.asString();
	}

	private static Flux<ModelEvent> slow(String text) {
		return answer(text).delaySubscription(Duration.ofMillis(300));
	}

	private static String lastUserMessage(ModelRequest request) {
		List<Message> messages = request.messages();
		for (int i = messages.size() - 1; i >= 0; i--) {
			if (messages.get(i) instanceof UserMessage user) {
				return user.content();
			}
		}
		return "";
	}

	private List<Frame> stream(String sessionId, String message) {
		try (SseClient sse = SseClient.post(baseUrl() + "/sessions/" + sessionId + "/chat",
				"{\"message\":\"" + message + "\"}")) {
			return sse.rest();
		}
	}

}
