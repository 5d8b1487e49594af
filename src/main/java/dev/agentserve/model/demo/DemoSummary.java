package dev.agentserve.model.demo;

import java.util.ArrayList;
import java.util.List;

import dev.agentserve.model.Message;
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.SummaryRequest;

/**
 * The demo model's summaries, deterministic: the summary so far is kept, and each new
 * message becomes one line with its first {@value #LINE} characters; asked only to
 * condense, every line is cut to half that.
 */
final class DemoSummary {

	static final int LINE = 120;

	private DemoSummary() {
	}

	static String of(ModelRequest request) {
		List<Message> messages = request.messages();
		String input = messages.get(messages.size() - 1).content();
		int summaryAt = input.indexOf(SummaryRequest.SUMMARY_HEADING);
		int messagesAt = input.indexOf(SummaryRequest.MESSAGES_HEADING);
		if (summaryAt < 0 || messagesAt < summaryAt) {
			return "- " + cut(input.strip(), LINE);
		}
		String summary = input.substring(summaryAt + SummaryRequest.SUMMARY_HEADING.length(), messagesAt).strip();
		String fresh = input.substring(messagesAt + SummaryRequest.MESSAGES_HEADING.length()).strip();
		boolean condense = fresh.equals(SummaryRequest.NO_MESSAGES);
		List<String> lines = new ArrayList<>();
		for (String line : summary.split("\n")) {
			if (line.startsWith("- ")) {
				lines.add(condense ? cut(line, LINE / 2) : line);
			}
		}
		if (!condense) {
			for (String line : fresh.split("\n")) {
				if (!line.isBlank()) {
					lines.add("- " + cut(line.strip(), LINE));
				}
			}
		}
		return String.join("\n", lines);
	}

	private static String cut(String text, int length) {
		return (text.length() <= length) ? text : text.substring(0, length) + "…";
	}

}
