import { Activity } from "@mail/core/web/activity";
import { patch } from "@web/core/utils/patch";

// An approval to-do (审批待办) is decided from the to-do: Approve / Reject open the decision
// wizard instead of "Mark Done".
patch(Activity.prototype, {
    async onClickCimDecide(decision) {
        const thread = this.thread;
        const action = await this.env.services.orm.call(
            "mail.activity",
            "action_cim_decide",
            [[this.props.activity.id], decision]
        );
        await this.env.services.action.doAction(action, {
            onClose: () => {
                this.props.onActivityChanged(thread);
                this.props.reloadParentView?.();
            },
        });
    },
});
