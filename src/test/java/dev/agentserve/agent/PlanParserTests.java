package dev.agentserve.agent;

import java.util.List;

import dev.agentserve.event.TurnEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class PlanParserTests {

	private final PlanParser parser = new PlanParser(JsonMapper.builder().build(), List.of("alpha", "beta"), 3);

	@Test
	void aPlanInACodeFenceIsOrderedSoEachTaskFollowsWhatItDependsOn() {
		PlanParser.Parsed parsed = this.parser.parse("""
				Sure:
				```json
				{"tasks":[{"id":"c","agent":"alpha","task":"both","dependsOn":["a","b"]},
				{"id":"a","agent":"beta","task":"one"},{"id":"b","agent":"alpha","task":"two","dependsOn":[]}]}
				```""");

		assertThat(parsed).isInstanceOf(PlanParser.Parsed.Valid.class);
		assertThat(((PlanParser.Parsed.Valid) parsed).tasks()).extracting(TurnEvent.PlanTask::taskId)
			.containsExactly("a", "b", "c");
	}

	@Test
	void schemaViolationsAreNamedOnePerProblem() {
		PlanParser.Parsed parsed = this.parser
			.parse("{\"tasks\":[{\"id\":\"a\",\"agent\":\"gamma\",\"task\":\"\"},{\"id\":\"b\",\"task\":\"x\"}]}");

		assertThat(((PlanParser.Parsed.Invalid) parsed).problems()).hasSize(3)
			.anySatisfy((problem) -> assertThat(problem).startsWith("/tasks/0/agent"))
			.anySatisfy((problem) -> assertThat(problem).startsWith("/tasks/0/task"))
			.anySatisfy((problem) -> assertThat(problem).contains("agent"));
	}

	@Test
	void duplicateIdsUnknownDependenciesCyclesTooManyTasksAndNoJsonAreInvalid() {
		assertThat(invalid("{\"tasks\":[{\"id\":\"a\",\"agent\":\"alpha\",\"task\":\"x\"},"
				+ "{\"id\":\"a\",\"agent\":\"beta\",\"task\":\"y\"}]}"))
			.containsExactly("The task id 'a' is used twice");
		assertThat(invalid("{\"tasks\":[{\"id\":\"a\",\"agent\":\"alpha\",\"task\":\"x\",\"dependsOn\":[\"z\"]}]}"))
			.containsExactly("Task 'a' depends on 'z', which is no other task");
		assertThat(invalid("{\"tasks\":[{\"id\":\"a\",\"agent\":\"alpha\",\"task\":\"x\",\"dependsOn\":[\"b\"]},"
				+ "{\"id\":\"b\",\"agent\":\"beta\",\"task\":\"y\",\"dependsOn\":[\"a\"]}]}"))
			.containsExactly("The tasks' dependencies form a cycle");
		assertThat(invalid("{\"tasks\":[" + "{\"id\":\"a\",\"agent\":\"alpha\",\"task\":\"x\"},".repeat(3)
				+ "{\"id\":\"d\",\"agent\":\"alpha\",\"task\":\"x\"}]}"))
			.singleElement()
			.asString()
			.startsWith("/tasks");
		assertThat(invalid("no plan today")).singleElement().asString().startsWith("The answer is no JSON object");
	}

	private List<String> invalid(String answer) {
		return ((PlanParser.Parsed.Invalid) this.parser.parse(answer)).problems();
	}

}
