package dev.agentserve.tool;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClosestNamesTests {

	@Test
	void suggestsTheNearestNamesFirst() {
		List<String> names = List.of("calculator", "current_time", "http_fetch", "memory");
		assertThat(ClosestNames.of("calculater", names, 2)).first().isEqualTo("calculator");
		assertThat(ClosestNames.of("memroy", names, 1)).containsExactly("memory");
		assertThat(ClosestNames.of("currenttime", names, 1)).containsExactly("current_time");
	}

	@Test
	void measuresEditDistance() {
		assertThat(ClosestNames.distance("kitten", "sitting")).isEqualTo(3);
		assertThat(ClosestNames.distance("", "abc")).isEqualTo(3);
		assertThat(ClosestNames.distance("same", "same")).isZero();
	}

}
