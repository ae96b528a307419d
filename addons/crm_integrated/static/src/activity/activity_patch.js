import { Activity } from "@mail/core/web/activity";
import { ActivityListPopoverItem } from "@mail/core/web/activity_list_popover_item";
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

// In the activity popovers (list and kanban views, systray), an approval to-do has no
// "Mark as done": it is decided on the document or in My Approvals.
patch(ActivityListPopoverItem.prototype, {
    get hasMarkDoneButton() {
        return super.hasMarkDoneButton && !this.props.activity.cim_is_approval;
    },
});
