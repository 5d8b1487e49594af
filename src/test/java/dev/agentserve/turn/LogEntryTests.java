package dev.agentserve.turn;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogEntryTests {

	@Test
	void aNoticeCarriesABatchOfEventsOnePerLine() {
		String notice = "4:response:1700000000000:{\"step\":1,\"content\":\"a:b\"}\n"
				+ "5:done:1700000000001:{\"response\":\"a:b\\nc\"}";

		assertThat(LogEntry.fromNotice(notice)).containsExactly(
				new LogEntry(4, "response", 1700000000000L, "{\"step\":1,\"content\":\"a:b\"}"),
				new LogEntry(5, "done", 1700000000001L, "{\"response\":\"a:b\\nc\"}"));
	}

	@Test
	void aStoredEntryIsANoticeLineWithoutItsSeq() {
		assertThat(LogEntry.parse(7, "tool_call:1700000000000:{\"args\":{\"x\":\"a:b\"}}"))
			.isEqualTo(new LogEntry(7, "tool_call", 1700000000000L, "{\"args\":{\"x\":\"a:b\"}}"));
	}

	@Test
	void aNoticeOfOneEventHasOneEntry() {
		assertThat(LogEntry.fromNotice("1:turn_started:5:{}"))
			.isEqualTo(List.of(new LogEntry(1, "turn_started", 5, "{}")));
	}

}
