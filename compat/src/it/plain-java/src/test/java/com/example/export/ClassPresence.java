package com.example.export;

final class ClassPresence {

	private ClassPresence() {
	}

	static boolean isPresent(String className) {
		try {
			Class.forName(className, false, ClassPresence.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

}
