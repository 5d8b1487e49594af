package dev.agentserve.memory;

import java.util.List;

/**
 * A small labelled recall set: facts a user told, and questions that ask for one of them
 * in other words (few shared content words), each with the index of the fact it needs.
 */
final class RecallSet {

	static final List<String> FACTS = List.of("My sister Clara lives in Lisbon", // 0
			"I am allergic to peanuts", // 1
			"The project deadline is the end of March", // 2
			"I drive an old blue Volvo", // 3
			"My dog is a beagle called Biscuit", // 4
			"I work as a nurse on night shifts", // 5
			"My favourite band is Radiohead", // 6
			"I was born in 1987 in Glasgow", // 7
			"I am learning to play the cello", // 8
			"My wife's name is Priya", // 9
			"I run a marathon every autumn", // 10
			"I prefer tea to coffee", // 11
			"My laptop is a ThinkPad X1", // 12
			"I moved to Berlin last year", // 13
			"I am vegetarian", // 14
			"My son goes to kindergarten", // 15
			"My password manager is Bitwarden", // 16
			"I hate flying and take trains when I can", // 17
			"My bank is ING", // 18
			"I speak Spanish and Portuguese fluently"); // 19

	record Question(String text, int fact) {
	}

	static final List<Question> QUESTIONS = List.of(new Question("Which city is my sibling based in?", 0),
			new Question("What food could give me a reaction?", 1), new Question("When is our work due?", 2),
			new Question("What car do I own?", 3), new Question("What breed is my pet?", 4),
			new Question("What is my job?", 5), new Question("Which musicians do I like most?", 6),
			new Question("How old am I and where do I come from?", 7),
			new Question("Which instrument am I studying?", 8), new Question("Who is my spouse?", 9),
			new Question("What long-distance race do I do?", 10),
			new Question("What hot drink should you offer me?", 11), new Question("What computer do I use?", 12),
			new Question("Where did I relocate recently?", 13), new Question("Do I eat meat?", 14),
			new Question("How old is my child roughly?", 15), new Question("Which app keeps my logins?", 16),
			new Question("How do I like to travel long distances?", 17), new Question("Where do I keep my money?", 18),
			new Question("What languages do I know?", 19));

	private RecallSet() {
	}

}
